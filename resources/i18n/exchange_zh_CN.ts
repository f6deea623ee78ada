<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>Audit</name>
    <message>
        <source>Not duplicates: {names}</source>
        <translation>不是重复客户：{names}</translation>
    </message>
    <message>
        <source>Possible duplicates again: {names}</source>
        <translation>重新列为可能重复：{names}</translation>
    </message>
    <message>
        <source>Exported {n} {entity} records to {file}{sensitive}</source>
        <translation>导出 {n} 条{entity}记录到 {file}{sensitive}</translation>
    </message>
    <message>
        <source>, with ID numbers and bank accounts</source>
        <translation>，含身份证号和银行账号</translation>
    </message>
    <message>
        <source>Imported {n} {entity} records from {file} ({new} new, {updated} updated, {merged} merged, {skipped} duplicates skipped, {invalid} rows not imported)</source>
        <translation>从 {file} 导入 {n} 条{entity}记录（新建 {new}，更新 {updated}，合并 {merged}，跳过重复 {skipped}，未导入 {invalid} 行）</translation>
    </message>
    <message>
        <source>Accountant export to {file}: {invoices} invoices, {payments} payments, {lines} journal lines</source>
        <translation>导出给会计 {file}：{invoices} 张发票，{payments} 笔收款，{lines} 行分录</translation>
    </message>
</context>
<context>
    <name>DuplicateFinder</name>
    <message>
        <source>Find duplicates</source>
        <translation>查找重复客户</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>After the merge</source>
        <translation>合并后</translation>
    </message>
    <message>
        <source>Keep this customer</source>
        <translation>保留此客户</translation>
    </message>
    <message>
        <source>Merge into it</source>
        <translation>并入保留客户</translation>
    </message>
    <message>
        <source>Keep {code}: the others are merged into it</source>
        <translation>保留 {code}：其他客户并入它</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>并入</translation>
    </message>
    <message>
        <source>Combine: {value}</source>
        <translation>合并两者：{value}</translation>
    </message>
    <message>
        <source>Customers with the same phone number, e-mail address or ID number, or a similar name at the same company. Choose the customer to keep and the values that survive, then merge: the others go to the recycle bin, where restoring them undoes the merge.</source>
        <translation>电话、邮箱或身份证号相同，或同一公司下姓名相近的客户。选择要保留的客户和每个字段保留的值，然后合并：其他客户移入回收站，在回收站中还原即可撤销合并。</translation>
    </message>
    <message>
        <source>Search again</source>
        <translation>重新查找</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Only fields that differ</source>
        <translation>只显示不同的字段</translation>
    </message>
    <message>
        <source>Not duplicates</source>
        <translation>不是重复</translation>
    </message>
    <message>
        <source>Take this group off the list (until the next search)</source>
        <translation>从列表中移除这一组（下次查找前不再显示）</translation>
    </message>
    <message>
        <source>Merge ...</source>
        <translation>合并……</translation>
    </message>
    <message>
        <source>Double-click a customer's heading to open it.</source>
        <translation>双击客户的列标题可打开该客户。</translation>
    </message>
    <message>
        <source>{n} groups of likely duplicates</source>
        <translation>{n} 组疑似重复</translation>
    </message>
    <message>
        <source>Looking for duplicate customers ...</source>
        <translation>正在查找重复客户……</translation>
    </message>
    <message>
        <source>{n} customers</source>
        <translation>{n} 个客户</translation>
    </message>
    <message>
        <source>{n} groups found</source>
        <translation>找到 {n} 组</translation>
    </message>
    <message>
        <source>No likely duplicates among the customers you can see.</source>
        <translation>在您可见的客户中没有发现疑似重复。</translation>
    </message>
    <message>
        <source>{names} — {reasons}</source>
        <translation>{names} —— {reasons}</translation>
    </message>
    <message>
        <source>{names}: marked as not duplicates; they are no longer listed.</source>
        <translation>{names}：已标记为不是重复客户，不再列出。</translation>
    </message>
    <message>
        <source>Saving ...</source>
        <translation>正在保存……</translation>
    </message>
    <message>
        <source>Merge customers</source>
        <translation>合并客户</translation>
    </message>
    <message>
        <source>Merge {others} into {code} {name}? Their contacts, interactions, opportunities, orders, tickets and tasks move to {code}; the merged customers go to the recycle bin, where restoring one undoes its merge.</source>
        <translation>将 {others} 合并到 {code} {name}？其联系人、跟进记录、商机、订单、工单和任务将转到 {code} 名下；被合并的客户移入回收站，在回收站中还原即可撤销该次合并。</translation>
    </message>
    <message>
        <source>Merged {others} into {code} {name}. The merged customers are in the recycle bin.</source>
        <translation>已将 {others} 合并到 {code} {name}。被合并的客户已移入回收站。</translation>
    </message>
    <message>
        <source>Merging ...</source>
        <translation>正在合并……</translation>
    </message>
    <message>
        <source>They are listed as possible duplicates again.</source>
        <translation>已重新列为可能重复的客户。</translation>
    </message>
    <message>
        <source>The merge was undone.</source>
        <translation>已撤销合并。</translation>
    </message>
    <message>
        <source>Undoing the merge ...</source>
        <translation>正在撤销合并……</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Choose at least two different customers.</source>
        <translation>请至少选择两个不同的客户。</translation>
    </message>
</context>
<context>
    <name>Exchange</name>
    <message>
        <source>{encoding} is not a known text encoding: use utf-8, gbk, gb18030 or utf-16.</source>
        <translation>{encoding} 不是可识别的文本编码：请使用 utf-8、gbk、gb18030 或 utf-16。</translation>
    </message>
    <message>
        <source>{name} is not {encoding} text (byte {position} does not fit): choose the right encoding, e.g. gbk for files saved by Chinese Excel.</source>
        <translation>{name} 不是 {encoding} 编码的文本（第 {position} 个字节不符）：请选择正确的编码，中文版 Excel 保存的文件一般为 gbk。</translation>
    </message>
    <message>
        <source>{name} is empty: the first line should hold the column names, the lines below it the records.</source>
        <translation>{name} 是空文件：第一行应为列名，下面每行一条记录。</translation>
    </message>
    <message>
        <source>{name} is not a well-formed CSV file near line {line}: {reason}.</source>
        <translation>{name} 在第 {line} 行附近不是有效的 CSV 格式：{reason}。</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Import problems</source>
        <translation>导入问题</translation>
    </message>
    <message>
        <source>Problems importing {name}</source>
        <translation>导入 {name} 时发现的问题</translation>
    </message>
    <message>
        <source>{name} cannot be read as a workbook ({reason}). Open it in Excel or WPS and save it again as .xlsx.</source>
        <translation>无法读取工作簿 {name}（{reason}）。请用 Excel 或 WPS 打开，另存为 .xlsx 后再试。</translation>
    </message>
    <message>
        <source>{name} holds no sheet.</source>
        <translation>{name} 中没有工作表。</translation>
    </message>
    <message>
        <source>{name} has no sheet called {sheet}; its sheets are: {sheets}.</source>
        <translation>{name} 中没有名为 {sheet} 的工作表；现有工作表：{sheets}。</translation>
    </message>
    <message>
        <source>Sheet {sheet} of {name} is empty: the first row should hold the column names, the rows below it the records.</source>
        <translation>{name} 的工作表 {sheet} 是空的：第一行应为列名，下面每行一条记录。</translation>
    </message>
    <message>
        <source>{entity} records have no column {column}; choose from: {columns}.</source>
        <extracomment>a sensitive value is bound to its row: *convert* takes (value, row id), and the select carries the row id as its last column</extracomment>
        <translation>{entity}没有“{column}”这一列；可选：{columns}。</translation>
    </message>
    <message>
        <source>{column} is sensitive: an administrator exports it by asking for ID numbers and bank accounts (--sensitive).</source>
        <translation>{column}属于敏感信息：管理员需选择导出身份证号和银行账号（--sensitive）才能导出。</translation>
    </message>
    <message>
        <source>Choose at least one column to export.</source>
        <translation>请至少选择一列导出。</translation>
    </message>
    <message>
        <source>You may export at most {limit} records at a time, and this export has {count}. Narrow the filter, or ask a manager to export it.</source>
        <translation>您每次最多可导出 {limit} 条记录，本次共 {count} 条。请缩小筛选范围，或请经理导出。</translation>
    </message>
    <message>
        <source>{entity} records cannot be exported: choose one of {entities}.</source>
        <translation>无法导出“{entity}”：请从以下类型中选择：{entities}。</translation>
    </message>
    <message>
        <source>{what} is not part of the accountant export: choose journal, invoices or payments.</source>
        <translation>{what} 不在会计导出内容中：请选择 journal、invoices 或 payments。</translation>
    </message>
    <message>
        <source>{name}: exports are .xlsx (Excel) or .csv files; choose one of those endings.</source>
        <translation>{name}：只能导出为 .xlsx（Excel）或 .csv 文件，请使用其中一种扩展名。</translation>
    </message>
    <message>
        <source>Writing the rows</source>
        <translation>正在写入数据行</translation>
    </message>
    <message>
        <source>Related records go on extra sheets: export customers to an .xlsx file to include them.</source>
        <translation>相关记录需放在单独的工作表中：请将客户导出为 .xlsx 文件。</translation>
    </message>
    <message>
        <source>CSV files are written in utf-8-sig (Excel), utf-8 or gb18030, not {encoding}.</source>
        <translation>CSV 文件只能使用 utf-8-sig（Excel）、utf-8 或 gb18030 编码，不支持 {encoding}。</translation>
    </message>
    <message>
        <source>Customer code</source>
        <translation>客户编号</translation>
    </message>
    <message>
        <source>same code</source>
        <translation>编号相同</translation>
    </message>
    <message>
        <source>same ID number</source>
        <translation>身份证号相同</translation>
    </message>
    <message>
        <source>same phone number</source>
        <translation>电话号码相同</translation>
    </message>
    <message>
        <source>same e-mail address</source>
        <translation>邮箱相同</translation>
    </message>
    <message>
        <source>similar name at the same company</source>
        <translation>同一公司的相似姓名</translation>
    </message>
    <message>
        <source>same company name</source>
        <translation>公司名称相同</translation>
    </message>
    <message>
        <source>same record</source>
        <translation>同一条记录</translation>
    </message>
    <message>
        <source>Import mode {mode} does not exist: use all-or-nothing or valid-rows.</source>
        <translation>没有导入方式 {mode}：请使用 all-or-nothing（全部或全不）或 valid-rows（只导入有效行）。</translation>
    </message>
    <message>
        <source>{action} is not a way to handle duplicates: use skip, update, merge or create.</source>
        <translation>{action} 不是重复记录的处理方式：请使用 skip（跳过）、update（更新）、merge（合并）或 create（新建）。</translation>
    </message>
    <message>
        <source>a customer you cannot see ({reason})</source>
        <translation>一位您无权查看的客户（{reason}）</translation>
    </message>
    <message>
        <source>row {row} ({reason})</source>
        <translation>第 {row} 行（{reason}）</translation>
    </message>
    <message>
        <source>{code} {name} ({reason})</source>
        <translation>{code} {name}（{reason}）</translation>
    </message>
    <message>
        <source>{label}: {problem}</source>
        <translation>{label}：{problem}</translation>
    </message>
    <message>
        <source>There is no user {name}: write a login name or display name from the user list.</source>
        <translation>没有用户 {name}：请填写用户列表中的登录名或显示名。</translation>
    </message>
    <message>
        <source>Several users are called {name}: write the login name instead.</source>
        <translation>有多个用户叫 {name}：请改填登录名。</translation>
    </message>
    <message>
        <source>There is no customer {name} that you can see: write the customer's code (e.g. C000123) or exact name.</source>
        <translation>找不到您可查看的客户 {name}：请填写客户编号（如 C000123）或完整准确的名称。</translation>
    </message>
    <message>
        <source>Several customers are called {name}: write the customer's code instead.</source>
        <translation>有多个客户叫 {name}：请改填客户编号。</translation>
    </message>
    <message>
        <source>{name} is not a contact of this customer: write the exact name of one of its contacts.</source>
        <translation>{name} 不是该客户的联系人：请填写该客户某位联系人的准确姓名。</translation>
    </message>
    <message>
        <source>There is no product {name}: write a product code or exact name from the product list.</source>
        <translation>没有产品 {name}：请填写产品列表中的产品编号或准确名称。</translation>
    </message>
    <message>
        <source>There is no ticket status {name}: write one from the status list.</source>
        <translation>没有工单状态 {name}：请填写状态列表中的一项。</translation>
    </message>
    <message>
        <source>There is no pipeline stage {name}: write one from the stage list.</source>
        <translation>没有销售阶段 {name}：请填写阶段列表中的一项。</translation>
    </message>
    <message>
        <source>{label}: the spreadsheet stored this as a number and lost its last digits. Format the column as text and type the numbers again.</source>
        <extracomment>distinct sets of custom values an import remembers cleaned (see Engine.clean_custom)</extracomment>
        <translation>{label}：表格把它存成了数字，末尾几位已丢失。请把该列设为文本格式，再重新输入号码。</translation>
    </message>
    <message>
        <source>Importing the rows</source>
        <translation>正在导入数据行</translation>
    </message>
    <message>
        <source>Checking the rows</source>
        <translation>正在检查数据行</translation>
    </message>
    <message>
        <source>row {row}</source>
        <extracomment>fields a spreadsheet may have stored as a number that lost its last digits what a row's own cleaning skips (matched or stored by the import itself) the exact keys a row is matched by, strongest first (then similar names)</extracomment>
        <translation>第 {row} 行</translation>
    </message>
    <message>
        <source>{entity} records cannot be imported: choose one of {entities}.</source>
        <translation>无法导入“{entity}”：请从以下类型中选择：{entities}。</translation>
    </message>
    <message>
        <source>No column of {name} is mapped to a field: choose at least the columns holding the names.</source>
        <translation>{name} 中没有任何列对应到字段：请至少为名称所在的列选择字段。</translation>
    </message>
    <message>
        <source>No column fills {fields}, which every {entity} needs: map a column to it.</source>
        <translation>没有列对应到{fields}，而每条{entity}都必须填写：请为它选择一列。</translation>
    </message>
    <message>
        <source>Phone (mobile or landline)</source>
        <translation>电话（手机或座机）</translation>
    </message>
    <message>
        <source>Order line: product</source>
        <translation>订单明细：产品</translation>
    </message>
    <message>
        <source>Order line: description</source>
        <translation>订单明细：品名</translation>
    </message>
    <message>
        <source>Order line: quantity</source>
        <translation>订单明细：数量</translation>
    </message>
    <message>
        <source>Order line: unit price</source>
        <translation>订单明细：单价</translation>
    </message>
    <message>
        <source>Created (kept for new records)</source>
        <translation>创建时间（新记录保留原值）</translation>
    </message>
    <message>
        <source>{path} does not exist: check the file name.</source>
        <translation>{path} 不存在：请检查文件名。</translation>
    </message>
    <message>
        <source>{name} is not a saved column mapping ({reason}). Save one from the import wizard or write JSON like {{"columns": {{"手机": "mobile"}}}}.</source>
        <translation>{name} 不是已保存的列对应方案（{reason}）。请在导入向导中保存，或按 {{"columns": {{"手机": "mobile"}}}} 的格式编写 JSON。</translation>
    </message>
    <message>
        <source>The mapping sends column {column} to {target}, which {entity} records do not have. Choose one of: {targets}.</source>
        <translation>列对应方案把“{column}”列对应到 {target}，但{entity}没有这个字段。请从以下字段中选择：{targets}。</translation>
    </message>
    <message>
        <source>Columns {first} and {second} both fill {target}: keep one of them.</source>
        <translation>“{first}”列和“{second}”列都对应到{target}：请只保留其中一列。</translation>
    </message>
    <message>
        <source>There is no preset {preset}: use google or outlook.</source>
        <translation>没有预设 {preset}：请使用 google 或 outlook。</translation>
    </message>
    <message>
        <source>Column {letter}</source>
        <translation>{letter} 列</translation>
    </message>
    <message>
        <source>{name} cannot be imported: choose an Excel workbook (.xlsx, .xls), a CSV file (.csv) or contact cards (.vcf).</source>
        <translation>无法导入 {name}：请选择 Excel 工作簿（.xlsx、.xls）、CSV 文件（.csv）或名片文件（.vcf）。</translation>
    </message>
    <message>
        <source>{name} holds no contact cards (BEGIN:VCARD ... END:VCARD).</source>
        <translation>{name} 中没有名片（BEGIN:VCARD ... END:VCARD）。</translation>
    </message>
    <message>
        <source>{name} has a card that cannot be read ({reason}).</source>
        <translation>{name} 中有一张名片无法读取（{reason}）。</translation>
    </message>
    <message>
        <source>Looking for duplicates</source>
        <translation>正在查找重复客户</translation>
    </message>
    <message>
        <source>{name} line {line}: {column} “{value}” cannot be read; write dates as YYYY-MM-DD and amounts as numbers such as 1234.50.</source>
        <translation>{name} 第 {line} 行：无法识别 {column}“{value}”；日期请写成 YYYY-MM-DD，金额写成数字，如 1234.50。</translation>
    </message>
    <message>
        <source>{name} has no date and amount columns: name them date and amount (or 交易日期 and 金额; 收入金额/支出金额 also work).</source>
        <translation>{name} 缺少日期和金额列：请将列命名为 交易日期 和 金额（也可用 收入金额/支出金额）。</translation>
    </message>
    <message>
        <source>{name} has no customer and amount columns: name them customer and amount (or 客户编号 and 期初余额).</source>
        <translation>{name} 缺少客户和金额列：请将列命名为 客户编号 和 期初余额。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>UTF-8 with BOM (opens in Excel)</source>
        <translation>UTF-8 带 BOM（Excel 可直接打开）</translation>
    </message>
    <message>
        <source>UTF-8 (other programs)</source>
        <translation>UTF-8（其他软件）</translation>
    </message>
    <message>
        <source>GB18030 (older Chinese Excel, WPS)</source>
        <translation>GB18030（旧版中文 Excel、WPS）</translation>
    </message>
    <message>
        <source>Export {records}</source>
        <extracomment>records the list shows, and the most this user may export (None: no limit)</extracomment>
        <translation>导出{records}</translation>
    </message>
    <message>
        <source>Excel workbook (.xlsx)</source>
        <translation>Excel 工作簿（.xlsx）</translation>
    </message>
    <message>
        <source>CSV text (.csv)</source>
        <translation>CSV 文本（.csv）</translation>
    </message>
    <message>
        <source>A sheet each for their contacts, interactions, opportunities, orders, tickets and tasks</source>
        <translation>另附工作表：联系人、跟进记录、商机、订单、工单和任务</translation>
    </message>
    <message>
        <source>ID numbers and bank accounts (noted in the audit log)</source>
        <translation>身份证号和银行账号（记入审计日志）</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Encoding:</source>
        <translation>编码：</translation>
    </message>
    <message>
        <source>Include:</source>
        <translation>包括：</translation>
    </message>
    <message>
        <source>Exports are recorded in the audit log with the number of records, the columns and the file.</source>
        <translation>每次导出都会记入审计日志，包括记录数、导出的列和文件名。</translation>
    </message>
    <message>
        <source>Export ...</source>
        <translation>导出……</translation>
    </message>
    <message>
        <source>Counting the {records} the list shows ...</source>
        <translation>正在统计列表显示的{records}……</translation>
    </message>
    <message>
        <source>Export the first {n} in the list's order</source>
        <translation>按列表顺序导出前 {n} 条</translation>
    </message>
    <message>
        <source>Export the {n} selected rows</source>
        <translation>导出选中的 {n} 条</translation>
    </message>
    <message>
        <source>The list shows {total} {records}; you may export at most {limit} at a time. Narrow the filter, or choose below what to export.</source>
        <translation>列表中共有 {total} 条{records}，您每次最多可导出 {limit} 条。请缩小筛选范围，或在下方选择要导出的记录。</translation>
    </message>
    <message>
        <source>{count} {records} as shown in the list, with its filter and sort order.</source>
        <translation>按列表当前的筛选和排序导出 {count} 条{records}记录。</translation>
    </message>
    <message>
        <source>All {count} {records} you can see, in the list's sort order.</source>
        <translation>您可见的全部 {count} 条{records}记录，按列表当前的排序。</translation>
    </message>
    <message>
        <source>{n} columns: {columns}</source>
        <translation>{n} 列：{columns}</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <source>Exported {n} {records} to {file}.</source>
        <translation>已将 {n} 条{records}记录导出到 {file}。</translation>
    </message>
    <message>
        <source>Related records: {sheets}.</source>
        <translation>相关记录：{sheets}。</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Open the file now?</source>
        <translation>现在打开该文件吗？</translation>
    </message>
    <message>
        <source>Exporting {n} {records} ...</source>
        <translation>正在导出 {n} 条{records}记录……</translation>
    </message>
    <message>
        <source>Export the list as shown to Excel or CSV ...</source>
        <translation>将当前列表按显示内容导出为 Excel 或 CSV……</translation>
    </message>
    <message>
        <source>&amp;Export ...</source>
        <translation>导出(&amp;E)……</translation>
    </message>
    <message>
        <source>Export the current list as shown to Excel or CSV</source>
        <translation>将当前列表按显示内容导出为 Excel 或 CSV</translation>
    </message>
    <message>
        <source>Open a list (for example Customers) first: the export writes its rows as shown, with the filter, sort order and columns you chose.</source>
        <translation>请先打开一个列表（例如“客户”）：导出会按列表当前的筛选、排序和显示的列写出记录。</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>有问题</translation>
    </message>
    <message>
        <source>Skip the row: the existing record stays as it is.</source>
        <translation>跳过此行：已有记录保持不变。</translation>
    </message>
    <message>
        <source>Update the existing record: the file's non-empty values replace its values.</source>
        <translation>更新已有记录：用文件中的非空值替换原值。</translation>
    </message>
    <message>
        <source>Merge into the existing record: only its empty fields are filled from the file.</source>
        <translation>合并到已有记录：只用文件中的值补充其空白字段。</translation>
    </message>
    <message>
        <source>Create a new record anyway.</source>
        <translation>仍然新建一条记录。</translation>
    </message>
    <message>
        <source>Row</source>
        <extracomment>a row's duplicate action was changed by the user: (row number, action or "")</extracomment>
        <translation>行号</translation>
    </message>
    <message>
        <source>Import as</source>
        <translation>导入方式</translation>
    </message>
    <message>
        <source>Matches</source>
        <translation>与之重复</translation>
    </message>
    <message>
        <source>Column “{column}” of the file, imported into {field}</source>
        <translation>文件中的“{column}”列，导入到{field}</translation>
    </message>
    <message>
        <source>Double-click to choose what happens to this row.</source>
        <translation>双击可为这一行选择处理方式。</translation>
    </message>
    <message>
        <source>Checking row {done} of {total} ...</source>
        <extracomment>rows of the file shown on the first page rows kept in full by the check (besides every row with a problem or a duplicate)</extracomment>
        <translation>正在检查第 {done} 行，共 {total} 行……</translation>
    </message>
    <message>
        <source>Importing row {done} of {total} ...</source>
        <translation>正在导入第 {done} 行，共 {total} 行……</translation>
    </message>
    <message>
        <source>Checked {done} rows ...</source>
        <translation>已检查 {done} 行……</translation>
    </message>
    <message>
        <source>Imported {done} rows ...</source>
        <translation>已导入 {done} 行……</translation>
    </message>
    <message>
        <source>{done} of {total} ...</source>
        <translation>{done} / {total}……</translation>
    </message>
    <message>
        <source>Choose an Excel workbook, a CSV file or contact cards (.vcf)</source>
        <translation>请选择 Excel 工作簿、CSV 文件或联系人名片（.vcf）</translation>
    </message>
    <message>
        <source>Browse ...</source>
        <translation>浏览……</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <source>GBK / GB18030 (Chinese Excel, WPS)</source>
        <translation>GBK / GB18030（中文 Excel、WPS）</translation>
    </message>
    <message>
        <source>Automatic (recognised from the headers)</source>
        <translation>自动（根据表头识别）</translation>
    </message>
    <message>
        <source>Google Contacts CSV</source>
        <translation>Google 通讯录 CSV</translation>
    </message>
    <message>
        <source>Outlook CSV</source>
        <translation>Outlook CSV</translation>
    </message>
    <message>
        <source>None: the columns as they are</source>
        <translation>无：按原样使用各列</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Import into:</source>
        <translation>导入到：</translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <source>Text encoding:</source>
        <translation>文本编码：</translation>
    </message>
    <message>
        <source>Contact export:</source>
        <translation>通讯录格式：</translation>
    </message>
    <message>
        <source>The first rows as read</source>
        <translation>读取到的前几行</translation>
    </message>
    <message>
        <source>Excel workbooks (.xlsx, .xls, .ods), CSV files in UTF-8 or GBK, and contact cards (.vcf). Google Contacts and Outlook exports are recognised. The first row holds the column names.</source>
        <translation>支持 Excel 工作簿（.xlsx、.xls、.ods）、UTF-8 或 GBK 编码的 CSV 文件，以及联系人名片（.vcf），能识别 Google 通讯录和 Outlook 的导出文件。第一行应为列名。</translation>
    </message>
    <message>
        <source>{n} rows</source>
        <translation>{n} 行</translation>
    </message>
    <message>
        <source>{n} columns</source>
        <translation>{n} 列</translation>
    </message>
    <message>
        <source>sheet “{sheet}”</source>
        <translation>工作表“{sheet}”</translation>
    </message>
    <message>
        <source>encoding {encoding}</source>
        <translation>编码 {encoding}</translation>
    </message>
    <message>
        <source>tab</source>
        <translation>制表符</translation>
    </message>
    <message>
        <source>separated by {delimiter}</source>
        <translation>分隔符 {delimiter}</translation>
    </message>
    <message>
        <source>Google Contacts export</source>
        <translation>Google 通讯录导出文件</translation>
    </message>
    <message>
        <source>Outlook export</source>
        <translation>Outlook 导出文件</translation>
    </message>
    <message>
        <source>{preset} recognised</source>
        <translation>已识别为{preset}</translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <source>Values in the first rows</source>
        <translation>前几行的值</translation>
    </message>
    <message>
        <source>Imports into</source>
        <translation>导入到字段</translation>
    </message>
    <message>
        <source>Load mapping</source>
        <translation>载入对应关系</translation>
    </message>
    <message>
        <source>Save mapping</source>
        <translation>保存对应关系</translation>
    </message>
    <message>
        <source>Guess again</source>
        <translation>重新识别</translation>
    </message>
    <message>
        <source>Choose the field each column fills. Columns set to “Do not import” are left out; fields marked * are required.</source>
        <translation>为每一列选择要填入的字段。设为“不导入”的列将被忽略；带 * 的字段为必填。</translation>
    </message>
    <message>
        <source>Made from the contact export</source>
        <translation>由通讯录导出文件转换而来</translation>
    </message>
    <message>
        <source>Do not import</source>
        <translation>不导入</translation>
    </message>
    <message>
        <source>“{other}” is no longer imported: “{column}” fills {field} now.</source>
        <translation>“{other}”列不再导入：现在由“{column}”列填入{field}。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>rows in the file</source>
        <translation>文件中的行</translation>
    </message>
    <message>
        <source>can be imported</source>
        <translation>可以导入</translation>
    </message>
    <message>
        <source>have problems</source>
        <translation>有问题</translation>
    </message>
    <message>
        <source>match existing records</source>
        <translation>与已有记录重复</translation>
    </message>
    <message>
        <source>All rows</source>
        <translation>全部行</translation>
    </message>
    <message>
        <source>Rows with problems</source>
        <translation>有问题的行</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>重复的行</translation>
    </message>
    <message>
        <source>Save error report ...</source>
        <translation>保存问题报告……</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>Import nothing while any row has a problem (all or nothing)</source>
        <translation>只要有一行有问题就全部不导入（全部或全不）</translation>
    </message>
    <message>
        <source>Import the rows without problems, leave out the others</source>
        <translation>导入没有问题的行，跳过有问题的行</translation>
    </message>
    <message>
        <source>Rows with problems:</source>
        <translation>有问题的行：</translation>
    </message>
    <message>
        <source>Rows matching a record:</source>
        <translation>与已有记录重复的行：</translation>
    </message>
    <message>
        <source>(double-click “Import as” to choose for one row)</source>
        <translation>（双击“导入方式”可单独设置某一行）</translation>
    </message>
    <message>
        <source>Skip them (keep the existing record)</source>
        <translation>跳过（保留已有记录不变）</translation>
    </message>
    <message>
        <source>Update the record with the file's values</source>
        <translation>用文件中的值更新已有记录</translation>
    </message>
    <message>
        <source>Fill the record's empty fields</source>
        <translation>只补充已有记录的空白字段</translation>
    </message>
    <message>
        <source>Create new records anyway</source>
        <translation>仍然新建记录</translation>
    </message>
    <message>
        <source>Cancel import</source>
        <translation>取消导入</translation>
    </message>
    <message>
        <source>created</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>merged</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>skipped (duplicates)</source>
        <translation>跳过（重复）</translation>
    </message>
    <message>
        <source>not imported (problems)</source>
        <translation>未导入（有问题）</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列对应</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Save as a named mapping ...</source>
        <translation>保存为命名的对应关系……</translation>
    </message>
    <message>
        <source>Save to a file ...</source>
        <translation>保存到文件……</translation>
    </message>
    <message>
        <source>Choose the file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>Pick the file and what its rows are. Nothing is changed until the last step.</source>
        <translation>选择要导入的文件及其内容类型。在最后一步之前不会修改任何数据。</translation>
    </message>
    <message>
        <source>Match the columns</source>
        <translation>对应各列</translation>
    </message>
    <message>
        <source>crmdesk guessed which field each column fills from its header. Check and correct it.</source>
        <translation>crmdesk 已根据表头猜测每一列对应的字段，请检查并更正。</translation>
    </message>
    <message>
        <source>Check the rows</source>
        <translation>检查数据</translation>
    </message>
    <message>
        <source>Every row is checked with the same rules as the forms. Point at a marked cell to see what to fix.</source>
        <translation>每一行都按与录入表单相同的规则检查。将鼠标指向标记的单元格，可查看需要如何修改。</translation>
    </message>
    <message>
        <source>The import runs in one step: cancelled or failed, it changes nothing.</source>
        <translation>导入一次完成：若取消或失败，不会修改任何数据。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Import from</source>
        <translation>从文件导入</translation>
    </message>
    <message>
        <source>Files to import ({patterns});;All files (*)</source>
        <translation>可导入的文件 ({patterns});;所有文件 (*)</translation>
    </message>
    <message>
        <source>Reading {name} ...</source>
        <translation>正在读取 {name}……</translation>
    </message>
    <message>
        <source>Mapping: {name}</source>
        <translation>对应关系：{name}</translation>
    </message>
    <message>
        <source>(no saved mappings)</source>
        <translation>（没有已保存的对应关系）</translation>
    </message>
    <message>
        <source>From a file ...</source>
        <translation>从文件载入……</translation>
    </message>
    <message>
        <source>Loaded “{name}”: it sets {n} of the file's {total} columns.</source>
        <translation>已载入“{name}”：设置了文件 {total} 列中的 {n} 列。</translation>
    </message>
    <message>
        <source>None of the columns of “{name}” are in this file.</source>
        <translation>“{name}”中的列在此文件中都不存在。</translation>
    </message>
    <message>
        <source>Load a column mapping</source>
        <translation>载入列对应关系</translation>
    </message>
    <message>
        <source>Column mappings (*.json)</source>
        <translation>列对应关系 (*.json)</translation>
    </message>
    <message>
        <source>Name of the mapping (e.g. the file it is for):</source>
        <translation>对应关系名称（例如适用的文件）：</translation>
    </message>
    <message>
        <source>Save the column mapping</source>
        <translation>保存列对应关系</translation>
    </message>
    <message>
        <source>The mapping could not be saved as {path}: {reason}.</source>
        <translation>无法将对应关系保存为 {path}：{reason}。</translation>
    </message>
    <message>
        <source>Mapping “{name}” saved.</source>
        <translation>已保存对应关系“{name}”。</translation>
    </message>
    <message>
        <source>Checking the rows ...</source>
        <translation>正在检查数据……</translation>
    </message>
    <message>
        <source>All {n} rows are shown.</source>
        <translation>已显示全部 {n} 行。</translation>
    </message>
    <message>
        <source>Shown: the first {first} rows and every row with a problem or a duplicate ({kept} rows); the other {rest} rows are fine.</source>
        <translation>显示前 {first} 行以及所有有问题或重复的行（共 {kept} 行）；其余 {rest} 行均无问题。</translation>
    </message>
    <message>
        <source>Planned: {create} new, {update} updated, {merge} merged, {skip} skipped as duplicates; {invalid} rows with problems are not imported.</source>
        <translation>计划：新建 {create} 条，更新 {update} 条，合并 {merge} 条，跳过重复 {skip} 条；{invalid} 行有问题，不导入。</translation>
    </message>
    <message>
        <source>With this choice nothing is imported while {n} rows have problems: fix the file, or import the rows without problems.</source>
        <translation>按此选项，只要还有 {n} 行有问题就不会导入任何数据：请修改文件，或选择导入没有问题的行。</translation>
    </message>
    <message>
        <source>Problems in {name}.xlsx</source>
        <translation>{name} 的问题.xlsx</translation>
    </message>
    <message>
        <source>Save the error report</source>
        <translation>保存问题报告</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>The report could not be saved as {path}: {reason}. Choose another folder or file name.</source>
        <translation>无法将报告保存为 {path}：{reason}。请换一个文件夹或文件名。</translation>
    </message>
    <message>
        <source>The {n} problems were saved in {path}.</source>
        <translation>{n} 个问题已保存到 {path}。</translation>
    </message>
    <message>
        <source>Saving the error report ...</source>
        <translation>正在保存问题报告……</translation>
    </message>
    <message>
        <source>Importing ...</source>
        <translation>正在导入……</translation>
    </message>
    <message>
        <source>Nothing was imported</source>
        <translation>没有导入任何数据</translation>
    </message>
    <message>
        <source>{invalid} of {rows} rows have problems. Fix them in the file, or go back and choose to import the rows without problems.</source>
        <translation>{rows} 行中有 {invalid} 行有问题。请在文件中修改，或返回上一步选择导入没有问题的行。</translation>
    </message>
    <message>
        <source>Imported {n} of {rows} rows</source>
        <translation>已导入 {n} 行（共 {rows} 行）</translation>
    </message>
    <message>
        <source>From {file} into {entity}, in {seconds} s. The lists are up to date.</source>
        <translation>从 {file} 导入到{entity}，用时 {seconds} 秒。列表已更新。</translation>
    </message>
    <message>
        <source>Import cancelled</source>
        <translation>已取消导入</translation>
    </message>
    <message>
        <source>The import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <source>Nothing was changed. Go back to check the rows again, or close the wizard.</source>
        <translation>没有修改任何数据。可返回重新检查，或关闭向导。</translation>
    </message>
    <message>
        <source>Import ...</source>
        <translation>导入……</translation>
    </message>
    <message>
        <source>&amp;Import ...</source>
        <translation>导入(&amp;I)……</translation>
    </message>
    <message>
        <source>Import customers, contacts and more from Excel, CSV or contact cards</source>
        <translation>从 Excel、CSV 或联系人名片导入客户、联系人等</translation>
    </message>
    <message>
        <source>Import {records} from a file ...</source>
        <translation>从文件导入{records}……</translation>
    </message>
</context>
<context>
    <name>Stock</name>
    <message>
        <source>Product code</source>
        <translation>产品编码</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>库位</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>账面数量</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>实盘数量</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Stocktake</source>
        <translation>盘点</translation>
    </message>
    <message>
        <source>Stocktake sheet</source>
        <translation>盘点表</translation>
    </message>
    <message>
        <source>Warehouse</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>打印时间</translation>
    </message>
    <message>
        <source>Fill in the Counted column; leave it blank for products not counted.</source>
        <translation>请填写“实盘数量”列；未盘点的产品留空。</translation>
    </message>
    <message>
        <source>{file} does not exist: choose the filled-in stocktake workbook.</source>
        <extracomment>product code -&gt; counted (rows with a count) (row, problem) of rows that could not be read</extracomment>
        <translation>{file} 不存在：请选择已填好的盘点表。</translation>
    </message>
    <message>
        <source>{file} is not a workbook crmdesk can read: save the stocktake sheet as .xlsx and try again.</source>
        <translation>{file} 不是 crmdesk 能读取的工作簿：请将盘点表另存为 .xlsx 后重试。</translation>
    </message>
    <message>
        <source>{file} is not a stocktake sheet: cell B2 must hold the warehouse's code. Print a new sheet from crmdesk and fill that in.</source>
        <translation>{file} 不是盘点表：B2 单元格应为仓库编码。请从 crmdesk 重新导出盘点表后填写。</translation>
    </message>
    <message>
        <source>the count {value} is not a whole number of 0 or more</source>
        <translation>实盘数量 {value} 不是 0 或以上的整数</translation>
    </message>
    <message>
        <source>a count without a product code</source>
        <translation>有实盘数量但没有产品编码</translation>
    </message>
    <message>
        <source>product {code} is counted twice</source>
        <translation>产品 {code} 盘点了两次</translation>
    </message>
    <message>
        <source>there is no product {code}</source>
        <translation>没有产品 {code}</translation>
    </message>
    <message>
        <source>row {row}: {problem}</source>
        <translation>第 {row} 行：{problem}</translation>
    </message>
    <message>
        <source>Nothing was posted: {count} rows of {file} need fixing ({problems}). Correct them and import the sheet again.</source>
        <translation>未登记任何调整：{file} 有 {count} 行需要修改（{problems}）。请改正后重新导入。</translation>
    </message>
</context>
<context>
    <name>Validation</name>
    <message>
        <source>{label} already belongs to customer {code}: check the number, or open that customer.</source>
        <translation>{label}已属于客户 {code}：请核对号码，或打开该客户。</translation>
    </message>
</context>
</TS>