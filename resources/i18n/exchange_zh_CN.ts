<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
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
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>{entity} records have no column {column}; choose from: {columns}.</source>
        <translation>{entity}没有“{column}”这一列；可选：{columns}。</translation>
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
        <source>{name}: exports are .xlsx (Excel) or .csv files; choose one of those endings.</source>
        <translation>{name}：只能导出为 .xlsx（Excel）或 .csv 文件，请使用其中一种扩展名。</translation>
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
        <translation>{label}：表格把它存成了数字，末尾几位已丢失。请把该列设为文本格式，再重新输入号码。</translation>
    </message>
    <message>
        <source>row {row}</source>
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
        <source>Cancelled: nothing was changed.</source>
        <translation>已取消：没有做任何更改。</translation>
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
</context>
<context>
    <name>Validation</name>
    <message>
        <source>{label} already belongs to customer {code}: check the number, or open that customer.</source>
        <translation>{label}已属于客户 {code}：请核对号码，或打开该客户。</translation>
    </message>
</context>
</TS>