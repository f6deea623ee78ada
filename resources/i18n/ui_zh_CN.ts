<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountingSettingsEditor</name>
    <message>
        <source>The account codes of the journal exported for the accountant (Reports &gt; Receivables &gt; Export for the accountant): use the codes of your accounting package.</source>
        <translation>导出给会计的凭证分录所用的科目代码（报表 &gt; 应收款 &gt; 导出给会计）：请填写您所用财务软件的科目代码。</translation>
    </message>
</context>
<context>
    <name>AddToCampaignDialog</name>
    <message>
        <source>Add to campaign</source>
        <translation>加入营销活动</translation>
    </message>
    <message>
        <source>Add {n} customers to:</source>
        <translation>把 {n} 个客户加入：</translation>
    </message>
    <message>
        <source>There is no planned or running campaign: create one under Marketing &gt; Campaigns first.</source>
        <translation>没有计划中或进行中的营销活动：请先在“营销 &gt; 营销活动”中新建一个。</translation>
    </message>
</context>
<context>
    <name>ArticleEditor</name>
    <message>
        <source>e.g. The printer jams: what to do</source>
        <translation>例如：打印机卡纸怎么办</translation>
    </message>
    <message>
        <source>Separate tags with commas</source>
        <translation>多个标签用逗号分隔</translation>
    </message>
    <message>
        <source>Bold (Ctrl+B)</source>
        <translation>加粗（Ctrl+B）</translation>
    </message>
    <message>
        <source>Italic (Ctrl+I)</source>
        <translation>斜体（Ctrl+I）</translation>
    </message>
    <message>
        <source>Heading</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Bulleted list</source>
        <translation>项目符号列表</translation>
    </message>
    <message>
        <source>Numbered list</source>
        <translation>编号列表</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
</context>
<context>
    <name>AssignmentRulesEditor</name>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>When the ticket has</source>
        <translation>匹配条件</translation>
    </message>
    <message>
        <source>Give it to</source>
        <translation>分派给</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Add rule ...</source>
        <translation>新增规则...</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Switch on / off</source>
        <translation>启用/停用</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>A new ticket without an assignee goes to the first active rule that matches it; a team's tickets go to its active members in turn. No rule matches: the ticket stays with whoever opened it.</source>
        <translation>未指定处理人的新工单按第一条匹配的启用规则分派；分派给团队时由在职成员轮流处理。没有匹配的规则时，工单仍由创建人处理。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>AttachmentsBox</name>
    <message>
        <source>Attachments ({n})</source>
        <translation>附件（{n}）</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
</context>
<context>
    <name>AttachmentsPanel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>添加人</translation>
    </message>
    <message>
        <source>Add...</source>
        <translation>添加...</translation>
    </message>
    <message>
        <source>Attach a file (or drop files on the list)</source>
        <translation>添加附件（也可以把文件拖到列表中）</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Save as...</source>
        <translation>另存为...</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Save the record first to attach files.</source>
        <translation>请先保存记录，再添加附件。</translation>
    </message>
    <message>
        <source>Drop files on the list to attach them.</source>
        <translation>把文件拖到列表中即可添加为附件。</translation>
    </message>
    <message>
        <source>Attach a file</source>
        <translation>添加附件</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Attaching files</source>
        <translation>正在添加附件</translation>
    </message>
    <message>
        <source>Opening {name}</source>
        <translation>正在打开 {name}</translation>
    </message>
    <message>
        <source>Save the attachment</source>
        <translation>另存附件</translation>
    </message>
    <message>
        <source>Saving {name}</source>
        <translation>正在保存 {name}</translation>
    </message>
    <message>
        <source>Delete the attachment</source>
        <translation>删除附件</translation>
    </message>
    <message>
        <source>Move {name} to the recycle bin?</source>
        <translation>将 {name} 移到回收站？</translation>
    </message>
</context>
<context>
    <name>AuditLogView</name>
    <message>
        <source>Anyone</source>
        <extracomment>the record kinds the filter offers: the services registry's, plus user accounts</extracomment>
        <translation>所有人</translation>
    </message>
    <message>
        <source>Any action</source>
        <translation>所有操作</translation>
    </message>
    <message>
        <source>Any record</source>
        <translation>所有记录</translation>
    </message>
    <message>
        <source>Text in the summary</source>
        <translation>摘要中的文字</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>校验日志链</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>{shown} of {total} entries</source>
        <translation>显示 {shown} 条，共 {total} 条</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>修改后</translation>
    </message>
    <message>
        <source>Hash: {hash}</source>
        <translation>哈希：{hash}</translation>
    </message>
    <message>
        <source>The audit log is intact: {n} entries verified.</source>
        <translation>审计日志完好：已校验 {n} 条记录。</translation>
    </message>
    <message>
        <source>Witnesses outside the file: {agreed} of {n} heads agree.</source>
        <translation>文件外的见证：{n} 个记录点中 {agreed} 个一致。</translation>
    </message>
    <message>
        <source>The audit log has been tampered with: {reason}.</source>
        <translation>审计日志已被篡改：{reason}。</translation>
    </message>
    <message>
        <source>The audit log has been tampered with at entry {id}: {reason}.</source>
        <translation>审计日志在第 {id} 条处被篡改：{reason}。</translation>
    </message>
</context>
<context>
    <name>BankMatchDialog</name>
    <message>
        <source>Bank statement</source>
        <extracomment>an incoming line no open invoice matches: id, date, amount, counterparty, reference</extracomment>
        <translation>银行对账单</translation>
    </message>
    <message>
        <source>Import statement…</source>
        <translation>导入对账单…</translation>
    </message>
    <message>
        <source>Book ticked</source>
        <translation>勾选项入账</translation>
    </message>
    <message>
        <source>Set aside</source>
        <translation>搁置</translation>
    </message>
    <message>
        <source>Not a customer's payment (fees, interest …): take the chosen line out of matching</source>
        <translation>不是客户付款（手续费、利息等）：将所选流水移出匹配</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Book</source>
        <translation>入账</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Counterparty</source>
        <translation>对方户名</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>流水号</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Invoices</source>
        <translation>发票</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未收</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>匹配依据</translation>
    </message>
    <message>
        <source>Proposed matches of incoming lines with open invoices. Ticked lines are booked as payments; untick what is wrong.</source>
        <translation>收入流水与未结发票的建议匹配。勾选的行将记为收款；不正确的请取消勾选。</translation>
    </message>
    <message>
        <source>invoice number</source>
        <translation>发票号</translation>
    </message>
    <message>
        <source>amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>name</source>
        <translation>户名</translation>
    </message>
    <message>
        <source>oldest invoices first</source>
        <translation>先冲最早的发票</translation>
    </message>
    <message>
        <source>No open invoice matches: record it under Payments, or set it aside</source>
        <translation>没有匹配的未结发票：请在“收款”中手工登记，或搁置</translation>
    </message>
    <message>
        <source>{lines} incoming lines wait for matching; {proposals} have a proposal.</source>
        <translation>{lines} 行收入流水待匹配；其中 {proposals} 行有建议。</translation>
    </message>
    <message>
        <source>Import a bank statement</source>
        <translation>导入银行对账单</translation>
    </message>
    <message>
        <source>CSV or Excel (*.csv *.txt *.xlsx *.xls)</source>
        <translation>CSV 或 Excel 文件 (*.csv *.txt *.xlsx *.xls)</translation>
    </message>
    <message>
        <source>Imported {added} bank lines; {skipped} were there already.</source>
        <translation>已导入 {added} 行银行流水；{skipped} 行已存在。</translation>
    </message>
    <message>
        <source>Tick the lines to book first.</source>
        <translation>请先勾选要入账的行。</translation>
    </message>
    <message>
        <source>Booked {n} payments: {numbers}.</source>
        <translation>已入账 {n} 笔收款：{numbers}。</translation>
    </message>
    <message>
        <source>Choose a line first.</source>
        <translation>请先选择一行。</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Snooze</source>
        <translation>稍后提醒</translation>
    </message>
    <message>
        <source>Snooze 10 minutes; the arrow offers more</source>
        <translation>推迟 10 分钟；点箭头可选其他时间</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>忽略</translation>
    </message>
    <message>
        <source>All reminders</source>
        <translation>全部提醒</translation>
    </message>
</context>
<context>
    <name>Billing</name>
    <message>
        <source>Save the {entity} before printing it.</source>
        <translation>请先保存{entity}再打印。</translation>
    </message>
    <message>
        <source>Issue invoice</source>
        <translation>开具发票</translation>
    </message>
    <message>
        <source>Invoice what was delivered and not invoiced yet</source>
        <translation>为已发货未开票的内容开具发票</translation>
    </message>
    <message>
        <source>Save the order first: the invoice bills what the saved order delivered.</source>
        <translation>请先保存订单：发票按已保存订单的发货内容开具。</translation>
    </message>
</context>
<context>
    <name>BillingSettingsEditor</name>
    <message>
        <source>Printed under the company name on quotes, orders, delivery notes and invoices.</source>
        <translation>打印在报价单、订单、送货单和发票的公司名称下方。</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>VAT is worked out per line: net = unit price x quantity, VAT = net x rate rounded half-up to the cent; a document's totals are the sums of its lines. A product's own rate (on its form) wins over the default.</source>
        <translation>增值税按行计算：金额 = 单价 × 数量，税额 = 金额 × 税率，四舍五入到分；单据合计为各行之和。产品自己设置的税率优先于默认税率。</translation>
    </message>
</context>
<context>
    <name>CadenceEditor</name>
    <message>
        <source>Days from a contact to the next follow-up. Logging an interaction or changing a customer's intent level plans the next follow-up and its task from these numbers; Today and the follow-up report list customers past their cadence.</source>
        <translation>每次联系后到下次跟进的天数。记录联系或修改客户意向等级时，按这里的天数安排下次跟进及其任务；“今日”和跟进报表会列出超出跟进周期的客户。</translation>
    </message>
    <message>
        <source>Intent level {level}:</source>
        <translation>意向等级 {level}：</translation>
    </message>
    <message>
        <source>A customer status may have its own cadence, which wins over the intent level's; "By intent level" keeps the level's.</source>
        <translation>客户状态可单独设定跟进周期，优先于意向等级的周期；选“按意向等级”则沿用等级的周期。</translation>
    </message>
    <message>
        <source>By intent level</source>
        <translation>按意向等级</translation>
    </message>
    <message>
        <source>Status {status}:</source>
        <translation>状态 {status}：</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
</context>
<context>
    <name>CalendarView</name>
    <message>
        <source>+{n} more</source>
        <extracomment>each kind's colour (the block's edge and text; its background a light tint) a day cell lists at most this many items, then "+N more" (opens the day) the day view's first and last hour rows</extracomment>
        <translation>还有 {n} 项</translation>
    </message>
    <message>
        <source>+{n} more: double-click to open the day</source>
        <translation>还有 {n} 项：双击打开当天</translation>
    </message>
    <message>
        <source>Day</source>
        <extracomment>the drop targets now shown: (day, hour or None) -&gt; list</extracomment>
        <translation>日</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <source>Agenda</source>
        <translation>日程列表</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一页</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一页</translation>
    </message>
    <message>
        <source>Whose calendar</source>
        <translation>查看谁的日历</translation>
    </message>
    <message>
        <source>Me</source>
        <translation>我</translation>
    </message>
    <message>
        <source>Whole team</source>
        <translation>全组</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>所有人</translation>
    </message>
    <message>
        <source>New task</source>
        <translation>新建任务</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation>日历</translation>
    </message>
    <message>
        <source>{n} items</source>
        <translation>{n} 项</translation>
    </message>
    <message>
        <source>All day</source>
        <translation>全天</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Whose</source>
        <translation>负责人</translation>
    </message>
</context>
<context>
    <name>CampaignDetail</name>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>加入时间</translation>
    </message>
    <message>
        <source>Responded</source>
        <translation>响应时间</translation>
    </message>
    <message>
        <source>Set status</source>
        <translation>设置状态</translation>
    </message>
    <message>
        <source>Remove from campaign</source>
        <translation>移出活动</translation>
    </message>
    <message>
        <source>Add members from a customer datasheet: select or filter customers, then right-click &gt; Add to campaign.</source>
        <translation>从客户列表添加成员：选择或筛选客户后，右键 &gt; 加入营销活动。</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详细资料</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>{n} members</source>
        <translation>{n} 个成员</translation>
    </message>
    <message>
        <source>conversion {rate:.1f}%</source>
        <translation>转化率 {rate:.1f}%</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Choose a new password of at least 8 characters.</source>
        <translation>请设置至少 8 个字符的新密码。</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Current password:</source>
        <translation>当前密码：</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>新密码：</translation>
    </message>
    <message>
        <source>Repeat new password:</source>
        <translation>再次输入新密码：</translation>
    </message>
    <message>
        <source>The two new passwords differ: type them again.</source>
        <translation>两次输入的新密码不一致：请重新输入。</translation>
    </message>
</context>
<context>
    <name>ColumnFilterDialog</name>
    <message>
        <source>Filter: {column}</source>
        <translation>筛选：{column}</translation>
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
        <source>Condition:</source>
        <translation>条件：</translation>
    </message>
    <message>
        <source>Value:</source>
        <translation>值：</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Saved by someone else</source>
        <translation>已被他人保存</translation>
    </message>
    <message>
        <source>Someone else saved this record after you opened it. The rows in bold differ. Keep your version (overwrite theirs), or take theirs (your changes are discarded)?</source>
        <translation>在您打开之后，有人保存了这条记录。粗体行是不同之处。保留您的版本（覆盖对方），还是采用已保存的版本（放弃您的修改）？</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Your version</source>
        <translation>您的版本</translation>
    </message>
    <message>
        <source>Saved version</source>
        <translation>已保存的版本</translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation>保留我的</translation>
    </message>
    <message>
        <source>Take theirs</source>
        <translation>采用已保存的</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Connect to server</source>
        <extracomment>abandoned attempts may still wait for their timeout: new ones do not queue behind who waits for the answer (the dialog): nothing is called once it is deleted</extracomment>
        <translation>连接服务器</translation>
    </message>
    <message>
        <source>A crmdesk database on your company's PostgreSQL server. The server's user and password come from whoever runs the server; your crmdesk login is asked next.</source>
        <extracomment>"open" (a crmdesk database) or "create" (an empty one to set up) the crmdesk database opened by the connection test (outcome "open")</extracomment>
        <translation>公司 PostgreSQL 服务器上的 crmdesk 数据库。服务器用户和密码由服务器管理员提供；接下来会要求您登录 crmdesk。</translation>
    </message>
    <message>
        <source>e.g. crm-server or 192.168.1.10</source>
        <translation>例如 crm-server 或 192.168.1.10</translation>
    </message>
    <message>
        <source>e.g. shop</source>
        <translation>例如 shop</translation>
    </message>
    <message>
        <source>Remember the password (in this computer's keyring)</source>
        <translation>记住密码（保存在本机钥匙串中）</translation>
    </message>
    <message>
        <source>This computer has no password keyring: the password is not stored, enter it each time you connect.</source>
        <translation>本机没有密码钥匙串：密码不会保存，每次连接时请输入。</translation>
    </message>
    <message>
        <source>Server (host):</source>
        <translation>服务器（主机）：</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>数据库：</translation>
    </message>
    <message>
        <source>Server user:</source>
        <translation>服务器用户：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>the server (host)</source>
        <translation>服务器（主机）</translation>
    </message>
    <message>
        <source>the database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>the server user</source>
        <translation>服务器用户</translation>
    </message>
    <message>
        <source>Enter {field}.</source>
        <translation>请输入{field}。</translation>
    </message>
    <message>
        <source>Connecting to {host}…</source>
        <translation>正在连接 {host}…</translation>
    </message>
    <message>
        <source>The database {database} on {host} holds another program's tables, not crmdesk's. Enter the name of a crmdesk database, or of a new, empty one.</source>
        <translation>{host} 上的数据库 {database} 存有其他程序的表，不是 crmdesk 数据库。请输入 crmdesk 数据库或新的空数据库的名称。</translation>
    </message>
    <message>
        <source>The database {database} on {host} is empty, and the server user {user} may not create tables in it. Connect as the database's owner, or ask the server's administrator to set it up.</source>
        <translation>{host} 上的数据库 {database} 是空的，服务器用户 {user} 无权在其中建表。请以数据库所有者身份连接，或请服务器管理员建立。</translation>
    </message>
    <message>
        <source>The database {database} on {host} holds an unfinished crmdesk setup (no users, no customers), and the server user {user} may not set it up. Connect as the database's owner, or ask the server's administrator to set it up.</source>
        <translation>{host} 上的数据库 {database} 中有一个未完成的 crmdesk 设置（没有用户，也没有客户），服务器用户 {user} 无权完成设置。请以数据库所有者身份连接，或请服务器管理员建立。</translation>
    </message>
    <message>
        <source>Set up a new crmdesk database</source>
        <translation>建立新的 crmdesk 数据库</translation>
    </message>
    <message>
        <source>The database {database} on {host} is empty. Set up a new crmdesk database in it? You become its first administrator.</source>
        <translation>{host} 上的数据库 {database} 是空的。要在其中建立新的 crmdesk 数据库吗？您将成为它的第一位管理员。</translation>
    </message>
    <message>
        <source>The database {database} on {host} holds an unfinished crmdesk setup: its tables, but no users, no customers and no history (a set-up or a copy that stopped half-way). Nobody can log in to it. Set up a new crmdesk database in it? You become its first administrator; nothing is deleted.</source>
        <translation>{host} 上的数据库 {database} 中有一个未完成的 crmdesk 设置：只有表，没有用户、客户和操作记录（之前的设置或复制中途停止了），谁都无法登录。要在其中重新建立 crmdesk 数据库吗？您将成为它的第一位管理员；不会删除任何内容。</translation>
    </message>
    <message>
        <source>Setting up the crmdesk database {database} on {host}…</source>
        <translation>正在 {host} 上设置 crmdesk 数据库 {database}…</translation>
    </message>
</context>
<context>
    <name>CustomerDetail</name>
    <message>
        <source>Log a call</source>
        <translation>记录电话</translation>
    </message>
    <message>
        <source>Log a visit</source>
        <translation>记录拜访</translation>
    </message>
    <message>
        <source>New {what}</source>
        <translation>新建{what}</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>What</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>变更内容</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详细资料</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>跟进时间线</translation>
    </message>
    <message>
        <source>Opportunities</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>服务工单</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>Attachments ({n})</source>
        <translation>附件（{n}）</translation>
    </message>
    <message>
        <source>History</source>
        <translation>修改历史</translation>
    </message>
    <message>
        <source>This customer was deleted.</source>
        <translation>该客户已被删除。</translation>
    </message>
    <message>
        <source>Intent {level}</source>
        <translation>意向 {level}</translation>
    </message>
    <message>
        <source>Owner: {name}</source>
        <translation>负责人：{name}</translation>
    </message>
    <message>
        <source>Orders total</source>
        <translation>订单总额</translation>
    </message>
    <message>
        <source>Open deals</source>
        <translation>进行中商机</translation>
    </message>
    <message>
        <source>Open tickets</source>
        <translation>未结工单</translation>
    </message>
    <message>
        <source>Open tasks</source>
        <translation>未完成任务</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>最近联系</translation>
    </message>
    <message>
        <source>Next follow-up: {day}</source>
        <translation>下次跟进：{day}</translation>
    </message>
    <message>
        <source>No interactions yet: log the first call above.</source>
        <translation>还没有跟进记录：在上方记录第一次电话吧。</translation>
    </message>
</context>
<context>
    <name>Datasheet</name>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Interactions</source>
        <translation>跟进记录</translation>
    </message>
    <message>
        <source>Opportunities</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Quotes</source>
        <translation>报价单</translation>
    </message>
    <message>
        <source>Invoices</source>
        <translation>发票</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>收款</translation>
    </message>
    <message>
        <source>Service tickets</source>
        <translation>服务工单</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>营销活动</translation>
    </message>
    <message>
        <source>Suppliers</source>
        <translation>供应商</translation>
    </message>
    <message>
        <source>Purchase orders</source>
        <translation>采购单</translation>
    </message>
    <message>
        <source>equals</source>
        <translation>等于</translation>
    </message>
    <message>
        <source>does not equal</source>
        <translation>不等于</translation>
    </message>
    <message>
        <source>contains</source>
        <translation>包含</translation>
    </message>
    <message>
        <source>starts with</source>
        <translation>开头是</translation>
    </message>
    <message>
        <source>is at least</source>
        <translation>大于等于</translation>
    </message>
    <message>
        <source>is at most</source>
        <translation>小于等于</translation>
    </message>
    <message>
        <source>is empty</source>
        <translation>为空</translation>
    </message>
    <message>
        <source>is not empty</source>
        <translation>不为空</translation>
    </message>
</context>
<context>
    <name>DatasheetView</name>
    <message>
        <source>Filter: name, phone, pinyin ...</source>
        <translation>筛选：姓名、电话、拼音……</translation>
    </message>
    <message>
        <source>Filter: type a word of the record ...</source>
        <translation>筛选：输入关键词……</translation>
    </message>
    <message>
        <source>New {what} (Ctrl+N)</source>
        <translation>新建{what} (Ctrl+N)</translation>
    </message>
    <message>
        <source>New {what}</source>
        <translation>新建{what}</translation>
    </message>
    <message>
        <source>Filter by selection</source>
        <translation>按所选内容筛选</translation>
    </message>
    <message>
        <source>Remove all filters</source>
        <translation>取消所有筛选</translation>
    </message>
    <message>
        <source>Show or hide columns</source>
        <translation>显示或隐藏列</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Delete (Del)</source>
        <translation>删除 (Del)</translation>
    </message>
    <message>
        <source>Save view ...</source>
        <translation>保存视图……</translation>
    </message>
    <message>
        <source>Set field on the selected records ...</source>
        <translation>批量修改所选记录……</translation>
    </message>
    <message>
        <source>Counting the records ...</source>
        <translation>正在统计记录数……</translation>
    </message>
    <message>
        <source>Record {n} of {total}</source>
        <translation>第 {n} 条 / 共 {total} 条</translation>
    </message>
    <message>
        <source>Filter this column ...</source>
        <translation>筛选此列……</translation>
    </message>
    <message>
        <source>Sort ascending</source>
        <translation>升序排列</translation>
    </message>
    <message>
        <source>Sort descending</source>
        <translation>降序排列</translation>
    </message>
    <message>
        <source>Hide this column</source>
        <translation>隐藏此列</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Filter excluding selection</source>
        <translation>排除所选内容</translation>
    </message>
    <message>
        <source>Add selected to campaign ...</source>
        <translation>把所选客户加入营销活动……</translation>
    </message>
    <message>
        <source>Add all {n} shown to campaign ...</source>
        <translation>把显示的全部 {n} 个客户加入营销活动……</translation>
    </message>
    <message>
        <source>Add all shown to campaign ...</source>
        <translation>把显示的全部客户加入营销活动……</translation>
    </message>
    <message>
        <source>Set field on all {n} shown ...</source>
        <translation>批量修改显示的全部 {n} 条……</translation>
    </message>
    <message>
        <source>Set field on all shown ...</source>
        <translation>批量修改显示的全部记录……</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Add to campaign</source>
        <translation>加入营销活动</translation>
    </message>
    <message>
        <source>{added} customers added ({skipped} were members already).</source>
        <translation>已加入 {added} 个客户（{skipped} 个原本就是成员）。</translation>
    </message>
    <message>
        <source>Adding to the campaign ...</source>
        <translation>正在加入营销活动……</translation>
    </message>
    <message>
        <source>Move {n} record(s) to the recycle bin? An administrator can restore them.</source>
        <translation>把 {n} 条记录移到回收站吗？管理员可以恢复。</translation>
    </message>
    <message>
        <source>Deleting {n} records ...</source>
        <translation>正在删除 {n} 条记录……</translation>
    </message>
</context>
<context>
    <name>DatasheetViews</name>
    <message>
        <source>Changing {n} records ...</source>
        <translation>正在修改 {n} 条记录……</translation>
    </message>
    <message>
        <source>{changed} records changed, {unchanged} had the value already.</source>
        <translation>已修改 {changed} 条记录，{unchanged} 条原本就是该值。</translation>
    </message>
    <message>
        <source>{n} records were refused:</source>
        <translation>{n} 条记录未修改：</translation>
    </message>
    <message>
        <source>Set field</source>
        <translation>批量修改字段</translation>
    </message>
</context>
<context>
    <name>DeliveryForm</name>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>订购</translation>
    </message>
    <message>
        <source>Shipped before</source>
        <translation>已发</translation>
    </message>
    <message>
        <source>This note</source>
        <translation>本次发货</translation>
    </message>
    <message>
        <source>Can ship</source>
        <translation>可发</translation>
    </message>
    <message>
        <source>Ship now</source>
        <translation>立即发货</translation>
    </message>
    <message>
        <source>Issue the goods from the warehouse and mark the note shipped</source>
        <translation>从仓库出库并将发货单标记为已发货</translation>
    </message>
    <message>
        <source>Cancel note</source>
        <translation>取消发货单</translation>
    </message>
    <message>
        <source>What this note ships</source>
        <translation>本发货单的货物</translation>
    </message>
    <message>
        <source>Delivery note for {customer} · {status}</source>
        <translation>{customer}的发货单 · {status}</translation>
    </message>
    <message>
        <source>Save to make the note: it lists everything still open on the order, then change the quantities and ship.</source>
        <translation>保存即生成发货单：列出订单所有待发货物，可再修改数量后发货。</translation>
    </message>
    <message>
        <source>Shipping issues the goods from the note's warehouse; what the order reserved there is used first.</source>
        <translation>发货时从发货单的仓库出库，优先使用订单在该仓库预留的库存。</translation>
    </message>
    <message>
        <source>This note is {status}: it no longer changes.</source>
        <translation>此发货单为“{status}”：不能再修改。</translation>
    </message>
    <message>
        <source>Some fields need attention: see the messages in red.</source>
        <translation>有些字段需要修改：请看红色提示。</translation>
    </message>
    <message>
        <source>Save your changes first, then ship.</source>
        <translation>请先保存修改，再发货。</translation>
    </message>
    <message>
        <source>Cancel delivery note {number}? Its quantities go back to the order.</source>
        <translation>取消发货单 {number}？其数量将退回订单待发。</translation>
    </message>
</context>
<context>
    <name>DeliveryPlanView</name>
    <message>
        <source>All warehouses</source>
        <extracomment>the days shown when the plan opens</extracomment>
        <translation>全部仓库</translation>
    </message>
    <message>
        <source>Ship…</source>
        <translation>发货…</translation>
    </message>
    <message>
        <source>Open the chosen delivery note to ship it, or make a note for the chosen order</source>
        <translation>打开所选发货单进行发货，或为所选订单新建发货单</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Delivery plan</source>
        <translation>发货计划</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>单号</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Warehouse</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>货物</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>{n} to ship</source>
        <translation>待发 {n} 项</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>No date</source>
        <translation>未定日期</translation>
    </message>
    <message>
        <source>Delivery note</source>
        <translation>发货单</translation>
    </message>
    <message>
        <source>Order (no note yet)</source>
        <translation>订单（尚无发货单）</translation>
    </message>
    <message>
        <source>Planned delivery notes and open orders' delivery dates without a note (orange).</source>
        <translation>计划中的发货单，以及尚未开发货单的订单交货日期（橙色）。</translation>
    </message>
    <message>
        <source>Choose a delivery note or an order first.</source>
        <translation>请先选择一张发货单或一个订单。</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>DiaryView</name>
    <message>
        <source>Diary and memo</source>
        <translation>日记和备忘</translation>
    </message>
    <message>
        <source>Only you see your notes. A note linked to a customer also shows on that customer's timeline, to you and administrators.</source>
        <translation>笔记只有您自己能看到。关联了客户的笔记也会显示在该客户的时间线上，仅您和管理员可见。</translation>
    </message>
    <message>
        <source>Search your notes (words, pinyin) ...</source>
        <translation>搜索我的笔记（文字、拼音）...</translation>
    </message>
    <message>
        <source>All notes</source>
        <translation>全部笔记</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Default: the start of the text</source>
        <translation>默认取内容开头</translation>
    </message>
    <message>
        <source>Customer name, code or pinyin</source>
        <translation>客户名称、编号或拼音</translation>
    </message>
    <message>
        <source>Link ...</source>
        <translation>关联...</translation>
    </message>
    <message>
        <source>Unlink</source>
        <translation>取消关联</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>New note</source>
        <translation>新建笔记</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Diary</source>
        <translation>日记</translation>
    </message>
    <message>
        <source>{n} notes</source>
        <translation>{n} 条笔记</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>No customer of yours matches</source>
        <translation>没有匹配的客户</translation>
    </message>
    <message>
        <source>Delete note</source>
        <translation>删除笔记</translation>
    </message>
    <message>
        <source>Delete the note {title}?</source>
        <translation>删除笔记“{title}”？</translation>
    </message>
    <message>
        <source>by {name}</source>
        <translation>作者：{name}</translation>
    </message>
    <message>
        <source>Diary note: only its author and administrators see it here</source>
        <translation>日记：此处只有作者和管理员可见</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Cannot continue</source>
        <translation>无法继续</translation>
    </message>
    <message>
        <source>Please check the input</source>
        <translation>请检查输入</translation>
    </message>
    <message>
        <source>Something went wrong that crmdesk did not expect. Your data is safe: the change was not saved. Details are in the log file:
{log}</source>
        <translation>发生了意外错误。您的数据是安全的：这次修改没有保存。详细信息见日志文件：
{log}</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
</context>
<context>
    <name>FieldDialog</name>
    <message>
        <source>One choice a line</source>
        <translation>每行一个选项</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>Unique</source>
        <translation>唯一</translation>
    </message>
    <message>
        <source>Key:</source>
        <translation>标识：</translation>
    </message>
    <message>
        <source>Name (Chinese):</source>
        <translation>中文名称：</translation>
    </message>
    <message>
        <source>Name (English):</source>
        <translation>英文名称：</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>字段类型：</translation>
    </message>
    <message>
        <source>Choices:</source>
        <translation>选项：</translation>
    </message>
    <message>
        <source>Refers to type:</source>
        <translation>引用的类型：</translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <source>Hand over customers of {name}</source>
        <translation>移交 {name} 的客户</translation>
    </message>
    <message>
        <source>Hand over customers</source>
        <translation>移交客户</translation>
    </message>
    <message>
        <source>{name} ({login}): {n} customers</source>
        <translation>{name}（{login}）：{n} 个客户</translation>
    </message>
    <message>
        <source>All customers; or one filter a line, e.g. city=上海市 or status=潜在客户</source>
        <translation>留空为全部客户；或每行一个筛选条件，如 city=上海市 或 status=潜在客户</translation>
    </message>
    <message>
        <source>Choose who receives them, then Show counts.</source>
        <translation>请选择接收人，然后点“统计数量”。</translation>
    </message>
    <message>
        <source>Show counts</source>
        <translation>统计数量</translation>
    </message>
    <message>
        <source>From</source>
        <translation>移交人</translation>
    </message>
    <message>
        <source>To</source>
        <translation>接收人</translation>
    </message>
    <message>
        <source>Only customers</source>
        <translation>仅限客户</translation>
    </message>
    <message>
        <source>Hand over</source>
        <translation>移交</translation>
    </message>
    <message>
        <source>{customers} customers, {opportunities} open opportunities, {tickets} open tickets and {tasks} open tasks will go to {name}.</source>
        <translation>{customers} 个客户、{opportunities} 个未结商机、{tickets} 个未结工单和 {tasks} 个未完成任务将移交给 {name}。</translation>
    </message>
    <message>
        <source>Hand them over?</source>
        <translation>确定移交吗？</translation>
    </message>
    <message>
        <source>Handing over customers</source>
        <translation>正在移交客户</translation>
    </message>
    <message>
        <source>Disable user</source>
        <translation>停用用户</translation>
    </message>
    <message>
        <source>{name} still owns {n} customers. Hand them over to another user first?
Yes: choose who receives them. No: disable anyway (the customers keep their owner).</source>
        <translation>{name} 名下还有 {n} 个客户。先把他们移交给其他用户吗？
是：选择接收人。否：直接停用（客户保留原负责人）。</translation>
    </message>
</context>
<context>
    <name>Integrity</name>
    <message>
        <source>{name} is damaged ({reason}). crmdesk will not write to it any more, so nothing you do now can make it worse.</source>
        <translation>{name} 已损坏（{reason}）。crmdesk 不会再写入此文件，您现在的操作不会让情况更糟。</translation>
    </message>
    <message>
        <source>The last good backup is {backup}, made {made}. Restore it now?</source>
        <translation>最近一次完好的备份是 {backup}（{made} 创建）。现在恢复吗？</translation>
    </message>
    <message>
        <source>Restore it from a backup (File &gt; Backup &gt; Restore).</source>
        <translation>请从备份恢复（文件 &gt; 备份 &gt; 恢复）。</translation>
    </message>
    <message>
        <source>Damaged file</source>
        <translation>文件已损坏</translation>
    </message>
</context>
<context>
    <name>InvoiceForm</name>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>VAT rate</source>
        <translation>税率</translation>
    </message>
    <message>
        <source>VAT</source>
        <translation>税额</translation>
    </message>
    <message>
        <source>Record payment…</source>
        <translation>登记收款…</translation>
    </message>
    <message>
        <source>Use credit</source>
        <translation>使用余款</translation>
    </message>
    <message>
        <source>Pay this invoice from the customer's unallocated payments</source>
        <translation>用该客户未核销的收款支付此发票</translation>
    </message>
    <message>
        <source>Void…</source>
        <translation>作废…</translation>
    </message>
    <message>
        <source>Invoice lines</source>
        <translation>发票明细</translation>
    </message>
    <message>
        <source>An invoice is issued from an order's delivered lines: open the order and click Issue invoice.</source>
        <translation>发票根据订单已发货的明细开具：请打开订单，点“开具发票”。</translation>
    </message>
    <message>
        <source>{number} · {customer} · order {order} · issued {date} · {status}
Net ¥{net} · VAT ¥{tax} · Total ¥{total} · paid ¥{paid}</source>
        <translation>{number} · {customer} · 订单 {order} · 开票日期 {date} · {status}
金额 ¥{net} · 税额 ¥{tax} · 合计 ¥{total} · 已收 ¥{paid}</translation>
    </message>
    <message>
        <source>Payments: {payments}</source>
        <translation>收款：{payments}</translation>
    </message>
    <message>
        <source>No payment yet.</source>
        <translation>尚未收款。</translation>
    </message>
    <message>
        <source>Void invoice</source>
        <translation>作废发票</translation>
    </message>
    <message>
        <source>Why is {number} voided? (kept with the invoice; its lines can be invoiced again)</source>
        <translation>为什么作废 {number}？（原因随发票保存；其明细可重新开票）</translation>
    </message>
</context>
<context>
    <name>ItemDialog</name>
    <message>
        <source>Plan a visit or call</source>
        <translation>安排拜访或电话</translation>
    </message>
    <message>
        <source>e.g. Visit Mr Wang to present the offer</source>
        <translation>例如：拜访王总，介绍报价</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Add to plan</source>
        <translation>加入计划</translation>
    </message>
    <message>
        <source>It becomes a task of yours: it reminds you, and shows in Today and the calendar when due.</source>
        <translation>它会成为你的一项任务：到时提醒你，并显示在“今日”和日历中。</translation>
    </message>
</context>
<context>
    <name>Knowledge</name>
    <message>
        <source>Published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
</context>
<context>
    <name>KnowledgeView</name>
    <message>
        <source>Search: words, pinyin or 1-2 characters</source>
        <translation>搜索：文字、拼音或一两个字</translation>
    </message>
    <message>
        <source>Retired articles</source>
        <translation>已停用的文章</translation>
    </message>
    <message>
        <source>List the retired articles, to read or restore one</source>
        <translation>列出已停用的文章，可查看或恢复</translation>
    </message>
    <message>
        <source>New article</source>
        <translation>新建文章</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>发布</translation>
    </message>
    <message>
        <source>Retire</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Knowledge base</source>
        <translation>知识库</translation>
    </message>
    <message>
        <source>The article you are editing is not saved. Discard the changes?</source>
        <translation>正在编辑的文章尚未保存。要放弃修改吗？</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>全部分类</translation>
    </message>
    <message>
        <source>Articles: {n}</source>
        <translation>文章：{n} 篇</translation>
    </message>
    <message>
        <source>No article</source>
        <translation>没有文章</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Back to draft</source>
        <translation>改回草稿</translation>
    </message>
</context>
<context>
    <name>LedgerForm</name>
    <message>
        <source>The stock ledger is never edited: a correction is a new movement (Stock &gt; Stock levels &gt; New movement…).</source>
        <translation>库存账不可修改：更正请新增一笔库存变动（库存 &gt; 库存查询 &gt; 新建库存变动…）。</translation>
    </message>
</context>
<context>
    <name>LocationsDialog</name>
    <message>
        <source>Warehouse locations</source>
        <translation>仓库库位</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>库位</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>e.g. A-01-03</source>
        <translation>如 A-01-03</translation>
    </message>
    <message>
        <source>Name (optional)</source>
        <translation>名称（可选）</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Keep the product here</source>
        <translation>产品存放于此</translation>
    </message>
    <message>
        <source>Added location {code}.</source>
        <translation>已添加库位 {code}。</translation>
    </message>
    <message>
        <source>Choose a location in the list first.</source>
        <translation>请先在列表中选择一个库位。</translation>
    </message>
    <message>
        <source>The product is kept at {code}.</source>
        <translation>产品已放在 {code}。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Log in - crmdesk</source>
        <translation>登录 - crmdesk</translation>
    </message>
    <message>
        <source>Welcome to crmdesk</source>
        <translation>欢迎使用 crmdesk</translation>
    </message>
    <message>
        <source>e.g. wang.li</source>
        <translation>例如 wang.li</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>Choose your own password to go on: an administrator set the one you typed.</source>
        <translation>您输入的密码是管理员设置的，请先设置您自己的密码才能继续。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>&amp;New database ...</source>
        <translation>新建数据库(&amp;N)……</translation>
    </message>
    <message>
        <source>&amp;Open database ...</source>
        <translation>打开数据库(&amp;O)……</translation>
    </message>
    <message>
        <source>Connect to &amp;server ...</source>
        <translation>连接服务器(&amp;S)……</translation>
    </message>
    <message>
        <source>&amp;Close database</source>
        <translation>关闭数据库(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Log out</source>
        <translation>注销(&amp;L)</translation>
    </message>
    <message>
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;New record</source>
        <translation>新建记录(&amp;N)</translation>
    </message>
    <message>
        <source>New record (Ctrl+N)</source>
        <translation>新建记录 (Ctrl+N)</translation>
    </message>
    <message>
        <source>New c&amp;ustomer</source>
        <translation>新建客户(&amp;U)</translation>
    </message>
    <message>
        <source>New customer (Ctrl+Shift+C)</source>
        <translation>新建客户 (Ctrl+Shift+C)</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>新建客户</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>保存 (Ctrl+S)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Print ...</source>
        <translation>打印(&amp;P)……</translation>
    </message>
    <message>
        <source>Close &amp;tab</source>
        <translation>关闭标签页(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Navigation pane</source>
        <translation>导航窗格(&amp;N)</translation>
    </message>
    <message>
        <source>Change &amp;password ...</source>
        <translation>修改密码(&amp;P)……</translation>
    </message>
    <message>
        <source>&amp;About crmdesk</source>
        <translation>关于 crmdesk(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Go to</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>No database open</source>
        <translation>未打开数据库</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Open database</source>
        <translation>打开数据库</translation>
    </message>
    <message>
        <source>crmdesk databases (*.crmdb)</source>
        <translation>crmdesk 数据库 (*.crmdb)</translation>
    </message>
    <message>
        <source>New database</source>
        <translation>新建数据库</translation>
    </message>
    <message>
        <source>Upgrading {name} for this version of crmdesk ...
A copy of the file is kept first. A large file takes a few minutes.</source>
        <translation>正在升级 {name}，以便在此版本的 crmdesk 中使用……
升级前会先保留一份文件副本。文件较大时需要几分钟。</translation>
    </message>
    <message>
        <source>File in use</source>
        <translation>文件正在使用</translation>
    </message>
    <message>
        <source>Open it read-only? You can look, search and print, but not change anything.</source>
        <translation>以只读方式打开吗？您可以查看、搜索和打印，但不能修改。</translation>
    </message>
    <message>
        <source> (read-only)</source>
        <translation>（只读）</translation>
    </message>
    <message>
        <source>Session ended</source>
        <translation>会话已结束</translation>
    </message>
    <message>
        <source>&amp;New {what}</source>
        <translation>新建{what}(&amp;N)</translation>
    </message>
    <message>
        <source>New {what}</source>
        <translation>新建{what}</translation>
    </message>
    <message>
        <source>New {what} (Ctrl+N)</source>
        <translation>新建{what} (Ctrl+N)</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Your password has been changed.</source>
        <translation>您的密码已修改。</translation>
    </message>
    <message>
        <source>The language changes the next time crmdesk starts.</source>
        <translation>语言将在下次启动 crmdesk 时生效。</translation>
    </message>
    <message>
        <source>About crmdesk</source>
        <translation>关于 crmdesk</translation>
    </message>
    <message>
        <source>&lt;h3&gt;crmdesk {version}&lt;/h3&gt;&lt;p&gt;Desktop customer management for small and medium businesses.&lt;/p&gt;&lt;p&gt;Icons: Lucide (ISC licence).&lt;/p&gt;</source>
        <translation>&lt;h3&gt;crmdesk {version}&lt;/h3&gt;&lt;p&gt;面向中小企业的桌面客户管理系统。&lt;/p&gt;&lt;p&gt;图标：Lucide（ISC 许可）。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MovementDialog</name>
    <message>
        <source>New stock movement</source>
        <translation>新建库存变动</translation>
    </message>
    <message>
        <source>e.g. 12.50 (empty: the average cost)</source>
        <translation>如 12.50（留空：按平均成本）</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Warehouse</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>To warehouse</source>
        <translation>调入仓库</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Unit cost</source>
        <translation>单位成本</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>单据号</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>Negative takes stock off</source>
        <translation>负数表示减少库存</translation>
    </message>
    <message>
        <source>On hand {on_hand}, reserved {reserved}, available {available}</source>
        <translation>现有 {on_hand}，已预留 {reserved}，可用 {available}</translation>
    </message>
</context>
<context>
    <name>MyPlanPane</name>
    <message>
        <source>Goals</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>What you mean to achieve in this period: customers to win, orders to close ...</source>
        <translation>本期要达成的目标：要争取的客户、要签的订单……</translation>
    </message>
    <message>
        <source>Save goals</source>
        <translation>保存目标</translation>
    </message>
    <message>
        <source>Planned visits and calls</source>
        <translation>计划的拜访和电话</translation>
    </message>
    <message>
        <source>Add visit or call…</source>
        <translation>添加拜访或电话…</translation>
    </message>
    <message>
        <source>Mark done</source>
        <translation>标记完成</translation>
    </message>
    <message>
        <source>Submit for review</source>
        <translation>提交审阅</translation>
    </message>
    <message>
        <source>No plan for this period yet: write your goals and save, or add a planned visit or call.</source>
        <translation>本期还没有计划：写下目标并保存，或添加一项拜访或电话。</translation>
    </message>
    <message>
        <source>Reviewed by {reviewer} on {when}: {comment}</source>
        <translation>{reviewer} 已于 {when} 审阅：{comment}</translation>
    </message>
    <message>
        <source>Submitted on {when}; waiting for review.</source>
        <translation>已于 {when} 提交，等待审阅。</translation>
    </message>
    <message>
        <source>Draft: submit it when it is ready for your manager.</source>
        <translation>草稿：准备好后提交给经理审阅。</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Interactions</source>
        <translation>跟进记录</translation>
    </message>
    <message>
        <source>Hand over customers</source>
        <translation>移交客户</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>销售</translation>
    </message>
    <message>
        <source>Pipeline board</source>
        <translation>销售看板</translation>
    </message>
    <message>
        <source>Opportunities</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>Quotes</source>
        <translation>报价单</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Delivery notes</source>
        <translation>发货单</translation>
    </message>
    <message>
        <source>Delivery plan</source>
        <translation>发货计划</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Finance</source>
        <translation>财务</translation>
    </message>
    <message>
        <source>Invoices</source>
        <translation>发票</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>收款</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Stock levels</source>
        <translation>库存查询</translation>
    </message>
    <message>
        <source>Stock movements</source>
        <translation>库存流水</translation>
    </message>
    <message>
        <source>Warehouses</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>Purchasing</source>
        <translation>采购</translation>
    </message>
    <message>
        <source>Purchase orders</source>
        <translation>采购单</translation>
    </message>
    <message>
        <source>Suppliers</source>
        <translation>供应商</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Service tickets</source>
        <translation>服务工单</translation>
    </message>
    <message>
        <source>Knowledge base</source>
        <translation>知识库</translation>
    </message>
    <message>
        <source>Service levels</source>
        <translation>服务级别</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日待办</translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation>日历</translation>
    </message>
    <message>
        <source>Reminders</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Diary</source>
        <translation>日记</translation>
    </message>
    <message>
        <source>Work plans</source>
        <translation>工作计划</translation>
    </message>
    <message>
        <source>Marketing</source>
        <translation>营销</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>营销活动</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>管理</translation>
    </message>
    <message>
        <source>Users and teams</source>
        <translation>用户与团队</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Recycle bin</source>
        <translation>回收站</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Record types</source>
        <translation>记录类型</translation>
    </message>
    <message>
        <source>Apply a template…</source>
        <translation>应用行业模板…</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>自定义记录</translation>
    </message>
    <message>
        <source>{name} (from {owner})</source>
        <extracomment>the navigation entry of each record type's datasheet</extracomment>
        <translation>{name}（{owner} 共享）</translation>
    </message>
</context>
<context>
    <name>Navigator</name>
    <message>
        <source>First record</source>
        <translation>第一条记录</translation>
    </message>
    <message>
        <source>Previous record</source>
        <translation>上一条记录</translation>
    </message>
    <message>
        <source>Type a record number and press Enter</source>
        <translation>输入记录号后按回车</translation>
    </message>
    <message>
        <source>Next record</source>
        <translation>下一条记录</translation>
    </message>
    <message>
        <source>Last record</source>
        <translation>最后一条记录</translation>
    </message>
    <message>
        <source>New record</source>
        <translation>新建记录</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>第</translation>
    </message>
    <message>
        <source>of {total}</source>
        <translation>条 / 共 {total} 条</translation>
    </message>
    <message>
        <source>(filtered)</source>
        <translation>（已筛选）</translation>
    </message>
</context>
<context>
    <name>NewDatabaseDialog</name>
    <message>
        <source>New database</source>
        <translation>新建数据库</translation>
    </message>
    <message>
        <source>Create the first administrator of the new database. Keep the password safe: without it the encrypted fields (ID numbers, bank accounts) cannot be read.</source>
        <translation>为新数据库创建第一个管理员。请妥善保管密码：没有它，加密字段（身份证号、银行账号）将无法读取。</translation>
    </message>
    <message>
        <source>e.g. 王经理</source>
        <translation>例如 王经理</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Your name:</source>
        <translation>您的姓名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Repeat password:</source>
        <translation>再次输入密码：</translation>
    </message>
    <message>
        <source>Company name:</source>
        <translation>公司名称：</translation>
    </message>
    <message>
        <source>Your trade:</source>
        <translation>行业模板：</translation>
    </message>
    <message>
        <source>The two passwords differ: type them again.</source>
        <translation>两次输入的密码不一致：请重新输入。</translation>
    </message>
    <message>
        <source>User name: use 2 to 64 letters, digits, dots, dashes or underscores, e.g. wang.li</source>
        <translation>用户名：请使用 2 到 64 个字母、数字、点、短横线或下划线，例如 wang.li</translation>
    </message>
</context>
<context>
    <name>NewPasswordDialog</name>
    <message>
        <source>Choose your password - crmdesk</source>
        <translation>设置密码 - crmdesk</translation>
    </message>
    <message>
        <source>An administrator set your password: choose your own now, of at least 8 characters.</source>
        <translation>您的密码由管理员设置，请现在设置您自己的密码（至少 8 个字符）。</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>新密码：</translation>
    </message>
    <message>
        <source>Repeat new password:</source>
        <translation>再次输入新密码：</translation>
    </message>
    <message>
        <source>The two new passwords differ: type them again.</source>
        <translation>两次输入的新密码不一致，请重新输入。</translation>
    </message>
    <message>
        <source>Choose a password other than the one the administrator set.</source>
        <translation>请设置一个与管理员所设不同的密码。</translation>
    </message>
</context>
<context>
    <name>Operation</name>
    <message>
        <source>Cancel</source>
        <extracomment>the most a progress bar holds (Qt's bars and dialogs take a 32-bit int) the steps of a bar whose total is larger than :data:`BAR_MAX` (a 2.7 GB file's bytes) a unit of work: ``fn(session, job)`` in a session the operation opens a long job: ``fn(db, job)`` opens its own sessions and transactions what the work reported, on the GUI thread: stage, done, total (-1: unknown), as floats (C++ double: whole numbers exact to 2**53, the bytes of a file over 2 GB); a bar shows them through :func:`bar_steps` housekeeping the user did not ask for (the service-level check of the reminders' timer): it does not make the window "busy" (an automatic backup, an export's dialog wait for the user's own work only)</extracomment>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>OrderForm</name>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>In stock</source>
        <translation>可用库存</translation>
    </message>
    <message>
        <source>New delivery note</source>
        <translation>新建发货单</translation>
    </message>
    <message>
        <source>Plan or ship what is still open on this order</source>
        <translation>为此订单的待发货物安排或发货</translation>
    </message>
    <message>
        <source>Reserve again</source>
        <translation>重新预留</translation>
    </message>
    <message>
        <source>Reserve what the lines still need from what is in stock now</source>
        <translation>按当前库存为明细补足预留</translation>
    </message>
    <message>
        <source>Add line</source>
        <translation>添加明细</translation>
    </message>
    <message>
        <source>Remove line</source>
        <translation>删除明细</translation>
    </message>
    <message>
        <source>Order lines</source>
        <translation>订单明细</translation>
    </message>
    <message>
        <source>Total ¥{amount}</source>
        <translation>合计 ¥{amount}</translation>
    </message>
    <message>
        <source>not stocked</source>
        <translation>不计库存</translation>
    </message>
    <message>
        <source>{on_hand} on hand, {reserved} reserved</source>
        <translation>现存 {on_hand}，已预留 {reserved}</translation>
    </message>
    <message>
        <source>{available} (short {missing})</source>
        <translation>{available}（缺 {missing}）</translation>
    </message>
    <message>
        <source>{product}: {wanted} wanted, {available} available</source>
        <translation>{product}：需要 {wanted}，可用 {available}</translation>
    </message>
    <message>
        <source>Backorder: not everything is in stock. {lines}. The order can still be saved: what is missing ships when goods arrive.</source>
        <translation>缺货：库存不足。{lines}。订单仍可保存：缺的货到货后再发。</translation>
    </message>
    <message>
        <source>Save the order first: a delivery note ships the saved order.</source>
        <translation>请先保存订单：发货单按已保存的订单发货。</translation>
    </message>
    <message>
        <source>Delivery notes: {notes}</source>
        <translation>发货单：{notes}</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <source>Record payment for {number}</source>
        <translation>为 {number} 登记收款</translation>
    </message>
    <message>
        <source>Amount (¥):</source>
        <translation>金额（元）：</translation>
    </message>
    <message>
        <source>Received on:</source>
        <translation>收款日期：</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>方式：</translation>
    </message>
    <message>
        <source>Reference:</source>
        <translation>参考号：</translation>
    </message>
    <message>
        <source>More than is open stays as the customer's credit.</source>
        <translation>超出未收金额的部分记为客户余款。</translation>
    </message>
</context>
<context>
    <name>PaymentForm</name>
    <message>
        <source>Allocate credit</source>
        <translation>核销余款</translation>
    </message>
    <message>
        <source>Pay the customer's open invoices from what this payment still holds</source>
        <translation>用这笔收款剩余的金额支付客户未结发票</translation>
    </message>
    <message>
        <source>Saved, it pays the customer's open invoices, oldest due first; the rest is credit.</source>
        <translation>保存后按到期日从早到晚核销客户的未结发票；剩余部分记为余款。</translation>
    </message>
    <message>
        <source>Paid: {invoices}</source>
        <translation>已核销：{invoices}</translation>
    </message>
    <message>
        <source>Pays no invoice yet.</source>
        <translation>尚未核销发票。</translation>
    </message>
    <message>
        <source>Credit left ¥{amount}</source>
        <translation>剩余余款 ¥{amount}</translation>
    </message>
</context>
<context>
    <name>PipelineBoard</name>
    <message>
        <source>Everyone I can see</source>
        <translation>我能看到的所有人</translation>
    </message>
    <message>
        <source>Any close date</source>
        <translation>全部预计成交日期</translation>
    </message>
    <message>
        <source>Closing this month</source>
        <translation>本月成交</translation>
    </message>
    <message>
        <source>Closing this quarter</source>
        <translation>本季度成交</translation>
    </message>
    <message>
        <source>Closing next quarter</source>
        <translation>下季度成交</translation>
    </message>
    <message>
        <source>Closing this year</source>
        <translation>今年成交</translation>
    </message>
    <message>
        <source>Owner:</source>
        <translation>负责人：</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>期间：</translation>
    </message>
    <message>
        <source>Pipeline board</source>
        <translation>销售看板</translation>
    </message>
    <message>
        <source>Open pipeline {total}  ·  weighted forecast {weighted}</source>
        <translation>进行中商机 {total}  ·  加权预测 {weighted}</translation>
    </message>
    <message>
        <source>{n} opportunities</source>
        <translation>{n} 个商机</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>Open with the system viewer</source>
        <extracomment>the largest preview, in pixels</extracomment>
        <translation>用系统程序打开</translation>
    </message>
    <message>
        <source>Save as...</source>
        <translation>另存为...</translation>
    </message>
    <message>
        <source>{facts} · page 1 of {pages}</source>
        <translation>{facts} · 第 1 页，共 {pages} 页</translation>
    </message>
    <message>
        <source>No preview for this kind of file: open it with the system viewer, or save it.</source>
        <translation>此类文件无法预览：请用系统程序打开，或另存为文件。</translation>
    </message>
</context>
<context>
    <name>PurchaseOrderForm</name>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已到货</translation>
    </message>
    <message>
        <source>Unit cost</source>
        <translation>单位成本</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Add line</source>
        <translation>添加一行</translation>
    </message>
    <message>
        <source>Remove line</source>
        <translation>删除一行</translation>
    </message>
    <message>
        <source>Mark as ordered</source>
        <translation>标记为已下单</translation>
    </message>
    <message>
        <source>The order went to the supplier: goods can be received from now on</source>
        <translation>采购单已发给供应商：从现在起可以收货</translation>
    </message>
    <message>
        <source>Receive goods…</source>
        <translation>收货…</translation>
    </message>
    <message>
        <source>Book what came in (all or part of it) into the warehouse</source>
        <translation>把到货（全部或部分）入库</translation>
    </message>
    <message>
        <source>Cancel order</source>
        <translation>取消采购单</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Order lines</source>
        <translation>采购明细</translation>
    </message>
    <message>
        <source>Total ¥{amount}</source>
        <translation>合计 ¥{amount}</translation>
    </message>
    <message>
        <source>Save your changes first.</source>
        <translation>请先保存修改。</translation>
    </message>
    <message>
        <source>Cancel {title}? Nothing more will be received on it.</source>
        <translation>确定取消 {title}？之后不能再对它收货。</translation>
    </message>
    <message>
        <source>Some fields need attention: see the messages in red.</source>
        <translation>有些字段需要修改：请查看红色提示。</translation>
    </message>
</context>
<context>
    <name>QuickLog</name>
    <message>
        <source>What was said or agreed?</source>
        <translation>沟通了什么、约定了什么？</translation>
    </message>
    <message>
        <source>Next follow-up (optional)</source>
        <translation>下次跟进（可选）</translation>
    </message>
    <message>
        <source>Log it</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>+1 week</source>
        <translation>+1 周</translation>
    </message>
    <message>
        <source>Follow up in one week</source>
        <translation>一周后跟进</translation>
    </message>
    <message>
        <source>Write a short summary first.</source>
        <translation>请先写一句简短的摘要。</translation>
    </message>
</context>
<context>
    <name>QuoteForm</name>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>VAT rate</source>
        <translation>税率</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Add line</source>
        <translation>添加明细</translation>
    </message>
    <message>
        <source>Remove line</source>
        <translation>删除明细</translation>
    </message>
    <message>
        <source>Make order</source>
        <translation>生成订单</translation>
    </message>
    <message>
        <source>Turn this quote into an order (its lines and customer); the quote is accepted</source>
        <translation>把此报价单转为订单（带上明细和客户），报价单变为已接受</translation>
    </message>
    <message>
        <source>Quote lines</source>
        <translation>报价明细</translation>
    </message>
    <message>
        <source>Net ¥{net} · VAT ¥{tax} · Total ¥{total}</source>
        <translation>金额 ¥{net} · 税额 ¥{tax} · 合计 ¥{total}</translation>
    </message>
    <message>
        <source>Save the quote first: the order is made from the saved quote.</source>
        <translation>请先保存报价单：订单按已保存的报价单生成。</translation>
    </message>
</context>
<context>
    <name>ReadWhileShown</name>
    <message>
        <source>Reading ...</source>
        <translation>正在读取……</translation>
    </message>
</context>
<context>
    <name>ReceivablesView</name>
    <message>
        <source>Per customer</source>
        <translation>按客户</translation>
    </message>
    <message>
        <source>Per owner</source>
        <translation>按负责人</translation>
    </message>
    <message>
        <source>Statement…</source>
        <translation>对账单…</translation>
    </message>
    <message>
        <source>The chosen customer's statement of account as a PDF file</source>
        <translation>将所选客户的对账单保存为 PDF 文件</translation>
    </message>
    <message>
        <source>Bank statement…</source>
        <translation>银行对账单…</translation>
    </message>
    <message>
        <source>Import a bank statement and book the payments it matches</source>
        <translation>导入银行对账单，并将匹配的款项入账</translation>
    </message>
    <message>
        <source>Export for the accountant…</source>
        <translation>导出给会计…</translation>
    </message>
    <message>
        <source>Invoices, payments and the journal as an Excel workbook (or CSV)</source>
        <translation>发票、收款和凭证分录，导出为 Excel 工作簿（或 CSV）</translation>
    </message>
    <message>
        <source>Opening balances…</source>
        <translation>期初余额…</translation>
    </message>
    <message>
        <source>Import what customers owed before crmdesk (customer code, amount, date, due date)</source>
        <translation>导入启用 crmdesk 之前客户的欠款（客户编号、金额、日期、到期日）</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Receivables</source>
        <translation>应收款</translation>
    </message>
    <message>
        <source>On</source>
        <translation>截至</translation>
    </message>
    <message>
        <source>{n} rows</source>
        <translation>{n} 行</translation>
    </message>
    <message>
        <source>Open {open}, of which overdue {overdue}; customers' credit {credit}; balance {balance}.</source>
        <translation>未收 {open}，其中逾期 {overdue}；客户预收 {credit}；应收余额 {balance}。</translation>
    </message>
    <message>
        <source>Choose a customer in the list (per customer) first.</source>
        <translation>请先在列表中（按客户）选择一个客户。</translation>
    </message>
    <message>
        <source>Save the statement</source>
        <translation>保存对账单</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Wrote {file}.</source>
        <translation>已生成 {file}。</translation>
    </message>
    <message>
        <source>Writing the statement…</source>
        <translation>正在生成对账单…</translation>
    </message>
    <message>
        <source>Export for the accountant</source>
        <translation>导出给会计</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV journal (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV 凭证分录 (*.csv)</translation>
    </message>
    <message>
        <source>Wrote {file}: {invoices} invoices, {payments} payments, {lines} journal lines.</source>
        <translation>已生成 {file}：{invoices} 张发票，{payments} 笔收款，{lines} 行分录。</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Import opening balances</source>
        <translation>导入期初余额</translation>
    </message>
    <message>
        <source>CSV or Excel (*.csv *.xlsx *.xls)</source>
        <translation>CSV 或 Excel 文件 (*.csv *.xlsx *.xls)</translation>
    </message>
    <message>
        <source>Imported {added} opening balances ({total}); {skipped} were there already.</source>
        <translation>已导入 {added} 笔期初余额（{total}）；{skipped} 笔已存在。</translation>
    </message>
    <message>
        <source>{amount} · {n} customers</source>
        <translation>{amount} · {n} 个客户</translation>
    </message>
    <message>
        <source>Overdue {amount}</source>
        <translation>逾期 {amount}</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未收</translation>
    </message>
    <message>
        <source>No open invoices.</source>
        <translation>没有未结发票。</translation>
    </message>
</context>
<context>
    <name>ReceiveDialog</name>
    <message>
        <source>Receive goods: {number}</source>
        <translation>收货：{number}</translation>
    </message>
    <message>
        <source>Enter what came in now; it is booked into {warehouse} at each line's unit cost. Lines not delivered yet: enter 0.</source>
        <translation>填写本次到货数量，按每行的单位成本入库到 {warehouse}。本次未到的行填 0。</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>采购数量</translation>
    </message>
    <message>
        <source>Received before</source>
        <translation>已到货</translation>
    </message>
    <message>
        <source>Still open</source>
        <translation>未到货</translation>
    </message>
    <message>
        <source>Receive now</source>
        <translation>本次收货</translation>
    </message>
    <message>
        <source>e.g. the supplier's delivery note number</source>
        <translation>例如供应商的送货单号</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>参考号</translation>
    </message>
    <message>
        <source>Receive</source>
        <translation>收货</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <source>Reload</source>
        <extracomment>fields the user changed since the record was loaded (kept over a newer version)</extracomment>
        <translation>重新载入</translation>
    </message>
    <message>
        <source>Show the saved version (your changes are discarded)</source>
        <translation>显示已保存的版本（放弃您的修改）</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>保存 (Ctrl+S)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Discard changes (Esc)</source>
        <translation>放弃修改 (Esc)</translation>
    </message>
    <message>
        <source>More fields</source>
        <translation>更多字段</translation>
    </message>
    <message>
        <source>New {entity}</source>
        <translation>新建{entity}</translation>
    </message>
    <message>
        <source>This record was deleted or is no longer yours to see: it can no longer be saved.</source>
        <translation>此记录已被删除，或您已无权查看，无法再保存。</translation>
    </message>
    <message>
        <source>{title} was changed elsewhere after you opened it. Your unsaved changes are kept: Save shows both versions to compare, Reload shows the saved one.</source>
        <translation>您打开{title}后，它已在别处被修改。您未保存的修改仍保留：点“保存”可对比两个版本，点“重新载入”显示已保存的版本。</translation>
    </message>
    <message>
        <source>Fields marked * are required.</source>
        <translation>带 * 的字段为必填项。</translation>
    </message>
    <message>
        <source>{label}: choose a customer from the list that appears as you type.</source>
        <translation>{label}：请在输入时出现的列表中选择客户。</translation>
    </message>
    <message>
        <source>Some fields need attention: see the messages in red.</source>
        <translation>部分字段需要修改：请看红色提示。</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <source>{title} has unsaved changes. Save them?</source>
        <translation>{title} 有未保存的修改。要保存吗？</translation>
    </message>
</context>
<context>
    <name>RecordTypesView</name>
    <message>
        <source>Key</source>
        <translation>标识</translation>
    </message>
    <message>
        <source>Name (Chinese)</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <source>Name (English)</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>字段类型</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>Unique</source>
        <translation>唯一</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Record types</source>
        <translation>记录类型</translation>
    </message>
    <message>
        <source>New type ...</source>
        <translation>新建类型...</translation>
    </message>
    <message>
        <source>Import ...</source>
        <translation>导入...</translation>
    </message>
    <message>
        <source>Export ...</source>
        <translation>导出...</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Add field ...</source>
        <translation>新增字段...</translation>
    </message>
    <message>
        <source>Rename ...</source>
        <translation>重命名...</translation>
    </message>
    <message>
        <source>Rules ...</source>
        <translation>规则...</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Retire</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Change kind ...</source>
        <translation>更改类型...</translation>
    </message>
    <message>
        <source>retired</source>
        <translation>已停用</translation>
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
        <source>Add field</source>
        <translation>新增字段</translation>
    </message>
    <message>
        <source>Rename field</source>
        <translation>重命名字段</translation>
    </message>
    <message>
        <source>Change kind</source>
        <translation>更改字段类型</translation>
    </message>
    <message>
        <source>Import record types</source>
        <translation>导入记录类型</translation>
    </message>
    <message>
        <source>Definitions (*.json)</source>
        <translation>定义文件 (*.json)</translation>
    </message>
    <message>
        <source>Cannot read {file}: {error}</source>
        <translation>无法读取 {file}：{error}</translation>
    </message>
    <message>
        <source>Export record types</source>
        <translation>导出记录类型</translation>
    </message>
</context>
<context>
    <name>RecycleBinView</name>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>删除时间</translation>
    </message>
    <message>
        <source>Deleted by</source>
        <translation>删除人</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Delete for good ...</source>
        <translation>彻底删除……</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Recycle bin</source>
        <translation>回收站</translation>
    </message>
    <message>
        <source>Deleted records stay here until an administrator deletes them for good. Restoring a merged-away customer undoes the merge.</source>
        <translation>已删除的记录会保留在这里，直到管理员彻底删除。恢复被合并掉的客户将撤销那次合并。</translation>
    </message>
    <message>
        <source>{n} deleted records</source>
        <translation>{n} 条已删除记录</translation>
    </message>
    <message>
        <source>Delete for good</source>
        <translation>彻底删除</translation>
    </message>
    <message>
        <source>Delete {n} record(s) for good, with everything that belongs to them? This cannot be undone.</source>
        <translation>彻底删除这 {n} 条记录及其所有相关数据吗？此操作无法撤销。</translation>
    </message>
</context>
<context>
    <name>Reminders</name>
    <message>
        <source>10 minutes</source>
        <extracomment>the clock of the window's reminders (a test sets a fake one)</extracomment>
        <translation>10 分钟</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 小时</translation>
    </message>
    <message>
        <source>Tomorrow 9:00</source>
        <translation>明天 9:00</translation>
    </message>
    <message>
        <source>Pick a time ...</source>
        <translation>选择时间…</translation>
    </message>
    <message>
        <source>Snooze until</source>
        <translation>推迟到</translation>
    </message>
    <message>
        <source>{kind}: {title} (due {time})</source>
        <translation>{kind}：{title}（{time} 到期）</translation>
    </message>
    <message>
        <source>and {n} more</source>
        <translation>另有 {n} 条</translation>
    </message>
    <message>
        <source>While crmdesk was closed: {text}</source>
        <translation>crmdesk 关闭期间到期：{text}</translation>
    </message>
    <message>
        <source>{n} reminders came due while crmdesk was closed</source>
        <translation>crmdesk 关闭期间有 {n} 条提醒到期</translation>
    </message>
    <message>
        <source>Reminder: {title}</source>
        <translation>提醒：{title}</translation>
    </message>
    <message>
        <source>{kind}, due {time}</source>
        <translation>{kind}，{time} 到期</translation>
    </message>
</context>
<context>
    <name>RemindersView</name>
    <message>
        <source>Reminders</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Snooze</source>
        <translation>稍后提醒</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>忽略</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>{due} due now, {coming} in the next {days} days</source>
        <translation>现在到期 {due} 条，未来 {days} 天内 {coming} 条</translation>
    </message>
    <message>
        <source>Due now</source>
        <translation>现在到期</translation>
    </message>
    <message>
        <source>Coming up</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <source>{time} (snoozed)</source>
        <translation>{time}（已推迟）</translation>
    </message>
    <message>
        <source>{n} due</source>
        <translation>{n} 条到期</translation>
    </message>
</context>
<context>
    <name>RepeatWidget</name>
    <message>
        <source>Does not repeat</source>
        <translation>不重复</translation>
    </message>
    <message>
        <source>Daily</source>
        <translation>按天</translation>
    </message>
    <message>
        <source>Weekly</source>
        <translation>按周</translation>
    </message>
    <message>
        <source>Monthly</source>
        <translation>按月</translation>
    </message>
    <message>
        <source>Yearly</source>
        <translation>按年</translation>
    </message>
    <message>
        <source>every</source>
        <translation>每</translation>
    </message>
    <message>
        <source>Repeat every N days, weeks, months or years</source>
        <translation>每隔几天、几周、几个月或几年重复一次</translation>
    </message>
    <message>
        <source>on day</source>
        <translation>在第几日</translation>
    </message>
    <message>
        <source>on the</source>
        <translation>在</translation>
    </message>
    <message>
        <source>first</source>
        <translation>第一个</translation>
    </message>
    <message>
        <source>second</source>
        <translation>第二个</translation>
    </message>
    <message>
        <source>third</source>
        <translation>第三个</translation>
    </message>
    <message>
        <source>fourth</source>
        <translation>第四个</translation>
    </message>
    <message>
        <source>last</source>
        <translation>最后一个</translation>
    </message>
    <message>
        <source>no end</source>
        <translation>不结束</translation>
    </message>
    <message>
        <source>until</source>
        <translation>直到</translation>
    </message>
    <message>
        <source>for</source>
        <translation>共</translation>
    </message>
    <message>
        <source> times</source>
        <translation> 次</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <source>Reset password of {user}</source>
        <translation>重置 {user} 的密码</translation>
    </message>
    <message>
        <source>Must choose a new password at next login</source>
        <translation>下次登录时必须设置新密码</translation>
    </message>
    <message>
        <source>The old password is not needed. The user's access to encrypted fields is kept.</source>
        <translation>不需要旧密码。该用户对加密字段的访问权限保持不变。</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>新密码：</translation>
    </message>
    <message>
        <source>Repeat password:</source>
        <translation>再次输入密码：</translation>
    </message>
    <message>
        <source>The two passwords differ: type them again.</source>
        <translation>两次输入的密码不一致：请重新输入。</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <source>Review work plan</source>
        <translation>审阅工作计划</translation>
    </message>
    <message>
        <source>{person}: {period}</source>
        <translation>{person}：{period}</translation>
    </message>
    <message>
        <source>What went well, what to change next time</source>
        <translation>哪些做得好，下次要改进什么</translation>
    </message>
    <message>
        <source>Mark reviewed</source>
        <translation>标记为已审阅</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>审阅意见</translation>
    </message>
</context>
<context>
    <name>RuleDialog</name>
    <message>
        <source>Add assignment rule</source>
        <translation>新增分派规则</translation>
    </message>
    <message>
        <source>(any)</source>
        <translation>（不限）</translation>
    </message>
    <message>
        <source>Code or name; empty: any customer</source>
        <translation>编号或名称；留空表示不限客户</translation>
    </message>
    <message>
        <source>A user:</source>
        <translation>指定用户：</translation>
    </message>
    <message>
        <source>A team, in turn:</source>
        <translation>团队轮流：</translation>
    </message>
    <message>
        <source>Ticket type:</source>
        <translation>工单类型：</translation>
    </message>
    <message>
        <source>Product:</source>
        <translation>产品：</translation>
    </message>
    <message>
        <source>Customer:</source>
        <translation>客户：</translation>
    </message>
    <message>
        <source>Customer level:</source>
        <translation>客户等级：</translation>
    </message>
    <message>
        <source>Give the ticket to:</source>
        <translation>工单分派给：</translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message>
        <source>Rules of {field}</source>
        <translation>{field} 的规则</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>Unique (no two live records share a value)</source>
        <translation>唯一（有效记录的值不能重复）</translation>
    </message>
    <message>
        <source>Indexed (fast filters and sorting)</source>
        <translation>建立索引（筛选和排序更快）</translation>
    </message>
    <message>
        <source>Shown in the datasheet</source>
        <translation>在数据表中显示</translation>
    </message>
    <message>
        <source>Shown in the calendar</source>
        <extracomment>date fields: in the calendar, and a reminder N days before (-1: none)</extracomment>
        <translation>显示在日历中</translation>
    </message>
    <message>
        <source>No reminder</source>
        <translation>不提醒</translation>
    </message>
    <message>
        <source> days before</source>
        <translation> 天前</translation>
    </message>
    <message>
        <source>Remind the holder:</source>
        <translation>提醒负责人：</translation>
    </message>
    <message>
        <source>Default:</source>
        <translation>默认值：</translation>
    </message>
    <message>
        <source>Minimum:</source>
        <translation>最小值：</translation>
    </message>
    <message>
        <source>Maximum:</source>
        <translation>最大值：</translation>
    </message>
    <message>
        <source>Help (Chinese):</source>
        <translation>中文说明：</translation>
    </message>
    <message>
        <source>Help (English):</source>
        <translation>英文说明：</translation>
    </message>
    <message>
        <source>Section:</source>
        <translation>分组：</translation>
    </message>
</context>
<context>
    <name>SatisfactionDialog</name>
    <message>
        <source>Customer satisfaction</source>
        <translation>客户满意度</translation>
    </message>
    <message>
        <source>How satisfied is the customer with {ticket}?</source>
        <translation>客户对 {ticket} 的处理满意吗？</translation>
    </message>
    <message>
        <source>{n} of 5</source>
        <translation>{n} 星（满分 5 星）</translation>
    </message>
    <message>
        <source>Score:</source>
        <translation>评分：</translation>
    </message>
    <message>
        <source>Taken:</source>
        <translation>方式：</translation>
    </message>
    <message>
        <source>What the customer said (optional)</source>
        <translation>客户的意见（选填）</translation>
    </message>
    <message>
        <source>Comment:</source>
        <translation>意见：</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>暂不记录</translation>
    </message>
    <message>
        <source>Choose a score: 1 to 5 stars.</source>
        <translation>请选择评分：1 到 5 星。</translation>
    </message>
</context>
<context>
    <name>SaveViewDialog</name>
    <message>
        <source>Save view</source>
        <translation>保存视图</translation>
    </message>
    <message>
        <source>e.g. Hot leads in Beijing</source>
        <translation>例如：北京热门客户</translation>
    </message>
    <message>
        <source>Share with my team (read-only for them)</source>
        <translation>共享给本组（组员只能查看）</translation>
    </message>
    <message>
        <source>Saves the filters, the sort and the columns as they are now. Saving under a name you used replaces that view.</source>
        <translation>保存当前的筛选、排序和列设置。使用已有名称保存会替换原视图。</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <source>Nothing found for “{q}”</source>
        <translation>没有找到“{q}”</translation>
    </message>
    <message>
        <source>Search customers, contacts, deals, tickets (Ctrl+F)</source>
        <translation>搜索客户、联系人、商机、工单 (Ctrl+F)</translation>
    </message>
</context>
<context>
    <name>ServiceLevels</name>
    <message>
        <source>{m} min</source>
        <translation>{m}分钟</translation>
    </message>
    <message>
        <source>{h} h</source>
        <translation>{h}小时</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h}小时{m}分</translation>
    </message>
    <message>
        <source>{time} left</source>
        <translation>剩余 {time}</translation>
    </message>
    <message>
        <source>{time} over</source>
        <translation>已超 {time}</translation>
    </message>
    <message>
        <source>(due {time})</source>
        <translation>（截止 {time}）</translation>
    </message>
    <message>
        <source>Service levels breached ({n})</source>
        <translation>服务级别已超时（{n}）</translation>
    </message>
    <message>
        <source>{target} breached</source>
        <translation>{target}已超时</translation>
    </message>
</context>
<context>
    <name>ServiceLevelsEditor</name>
    <message>
        <source>Targets (working time)</source>
        <translation>目标（工作时间）</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Customer category</source>
        <translation>客户类别</translation>
    </message>
    <message>
        <source>First response</source>
        <translation>首次响应</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>解决</translation>
    </message>
    <message>
        <source>any customer</source>
        <translation>所有客户</translation>
    </message>
    <message>
        <source>e.g. 2h</source>
        <translation>如 2h</translation>
    </message>
    <message>
        <source>e.g. 1d</source>
        <translation>如 1d</translation>
    </message>
    <message>
        <source>Set target</source>
        <translation>设置目标</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>删除所选</translation>
    </message>
    <message>
        <source>Write working time as 90m, 2h, 1h30m or 1d (one working day). Time in a waiting status does not count.</source>
        <translation>工作时长写作 90m、2h、1h30m 或 1d（一个工作日）。处于等待状态的时间不计入。</translation>
    </message>
    <message>
        <source>Working week</source>
        <translation>工作周</translation>
    </message>
    <message>
        <source>Monday</source>
        <translation>星期一</translation>
    </message>
    <message>
        <source>Tuesday</source>
        <translation>星期二</translation>
    </message>
    <message>
        <source>Wednesday</source>
        <translation>星期三</translation>
    </message>
    <message>
        <source>Thursday</source>
        <translation>星期四</translation>
    </message>
    <message>
        <source>Friday</source>
        <translation>星期五</translation>
    </message>
    <message>
        <source>Saturday</source>
        <translation>星期六</translation>
    </message>
    <message>
        <source>Sunday</source>
        <translation>星期日</translation>
    </message>
    <message>
        <source>At risk when used:</source>
        <translation>用时达到即有风险：</translation>
    </message>
    <message>
        <source>Save working week</source>
        <translation>保存工作周</translation>
    </message>
    <message>
        <source>Holidays and make-up working days</source>
        <translation>节假日和调休工作日</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Holiday</source>
        <translation>节假日</translation>
    </message>
    <message>
        <source>Make-up working day</source>
        <translation>调休工作日</translation>
    </message>
    <message>
        <source>e.g. 春节</source>
        <translation>如 春节</translation>
    </message>
    <message>
        <source>Add day</source>
        <translation>添加日期</translation>
    </message>
    <message>
        <source>{what}: {value} is not a length of working time: write e.g. 90m, 2h, 1h30m or 1d.</source>
        <translation>{what}：{value} 不是工作时长：请写如 90m、2h、1h30m 或 1d。</translation>
    </message>
    <message>
        <source>Write a first-response target, a resolution target or both, e.g. 2h and 1d.</source>
        <translation>请填写首次响应目标、解决目标或两者，如 2h 和 1d。</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>You signed in as {user} again on this computer, in another crmdesk window: this window's session has ended. Unsaved changes here were not saved.</source>
        <extracomment>what a reconnect refreshes (something may have been missed meanwhile) the advisory lock class of "this user is signed in on this computer"</extracomment>
        <translation>您已在本机的另一个 crmdesk 窗口中以 {user} 重新登录：本窗口的会话已结束。这里未保存的修改没有保存。</translation>
    </message>
    <message>
        <source>Already signed in</source>
        <extracomment>connections holding a session claimed at login, for the workspace that follows</extracomment>
        <translation>已登录</translation>
    </message>
    <message>
        <source>{user} is already signed in to this server on this computer, in another crmdesk window. Take over here? That window ends its session (its unsaved changes are lost).</source>
        <translation>{user} 已在本机的另一个 crmdesk 窗口中登录此服务器。要在这里接管吗？那个窗口的会话将结束（其中未保存的修改会丢失）。</translation>
    </message>
    <message>
        <source>The other window did not end its session. Close it there, then sign in again.</source>
        <translation>另一个窗口没有结束会话。请先在那里关闭它，再重新登录。</translation>
    </message>
</context>
<context>
    <name>SetFieldDialog</name>
    <message>
        <source>Set field</source>
        <translation>批量修改字段</translation>
    </message>
    <message>
        <source>This will change {n} records.</source>
        <translation>将修改 {n} 条记录。</translation>
    </message>
    <message>
        <source>Field:</source>
        <translation>字段：</translation>
    </message>
    <message>
        <source>New value:</source>
        <translation>新值：</translation>
    </message>
    <message>
        <source>Change {n} records</source>
        <translation>修改 {n} 条记录</translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <source>General</source>
        <extracomment>numbers on the General tab (the largest attachment, in MB) the anti-scraping guard counts each role unless turned off here</extracomment>
        <translation>常规</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>安全</translation>
    </message>
    <message>
        <source>One entry per line.</source>
        <translation>每行一项。</translation>
    </message>
    <message>
        <source>Lists</source>
        <translation>候选列表</translation>
    </message>
    <message>
        <source>Pipeline stages</source>
        <translation>销售阶段</translation>
    </message>
    <message>
        <source>Ticket statuses</source>
        <translation>工单状态</translation>
    </message>
    <message>
        <source>Ticket transitions</source>
        <translation>工单流转规则</translation>
    </message>
    <message>
        <source>Custom fields</source>
        <translation>自定义字段</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>标识</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Switch on / off</source>
        <translation>启用 / 停用</translation>
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
        <source>Record type</source>
        <translation>记录类型</translation>
    </message>
    <message>
        <source>Invoicing</source>
        <translation>开票</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Accounting</source>
        <translation>会计科目</translation>
    </message>
    <message>
        <source>Follow-up cadence</source>
        <translation>跟进周期</translation>
    </message>
    <message>
        <source>Service levels</source>
        <translation>服务级别</translation>
    </message>
    <message>
        <source>Ticket assignment</source>
        <translation>工单分派</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>Sensitive</source>
        <translation>敏感</translation>
    </message>
    <message>
        <source>e.g. 会员等级</source>
        <translation>例如 会员等级</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Choice</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>Choices, separated by commas</source>
        <translation>可选项，用逗号分隔</translation>
    </message>
    <message>
        <source>Sensitive (encrypted, shown masked)</source>
        <translation>敏感（加密保存，显示时打码）</translation>
    </message>
    <message>
        <source>Add field</source>
        <translation>添加字段</translation>
    </message>
    <message>
        <source>Record type:</source>
        <translation>记录类型：</translation>
    </message>
    <message>
        <source>Key:</source>
        <translation>标识：</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>显示名称：</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>Choices:</source>
        <translation>可选项：</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>设置已保存。</translation>
    </message>
</context>
<context>
    <name>SlaTicketsView</name>
    <message>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>截止</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Service levels</source>
        <translation>服务级别</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>{n} tickets</source>
        <translation>{n} 个工单</translation>
    </message>
</context>
<context>
    <name>StageDialog</name>
    <message>
        <source>e.g. 上门拜访</source>
        <translation>例如 上门拜访</translation>
    </message>
    <message>
        <source>e.g. Site visit</source>
        <translation>例如 Site visit</translation>
    </message>
    <message>
        <source>Key:</source>
        <translation>代码：</translation>
    </message>
    <message>
        <source>Name (Chinese):</source>
        <translation>中文名称：</translation>
    </message>
    <message>
        <source>Name (English):</source>
        <translation>英文名称：</translation>
    </message>
    <message>
        <source>Probability:</source>
        <translation>赢单概率：</translation>
    </message>
</context>
<context>
    <name>StageFrame</name>
    <message>
        <source>{n} deals</source>
        <translation>{n} 个商机</translation>
    </message>
    <message>
        <source>Total {amount}</source>
        <translation>合计 {amount}</translation>
    </message>
    <message>
        <source>Weighted {amount}</source>
        <translation>加权 {amount}</translation>
    </message>
    <message>
        <source>... and {n} more</source>
        <translation>……还有 {n} 个</translation>
    </message>
</context>
<context>
    <name>StagesEditor</name>
    <message>
        <source>Key</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Name (Chinese)</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <source>Name (English)</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <source>Probability %</source>
        <translation>赢单概率 %</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Opportunities</source>
        <translation>商机数</translation>
    </message>
    <message>
        <source>Add stage ...</source>
        <translation>新增阶段…</translation>
    </message>
    <message>
        <source>Rename ...</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Retire ...</source>
        <translation>停用…</translation>
    </message>
    <message>
        <source>Reinstate</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>New opportunities start in the first open stage. A retired stage takes no new moves; the opportunities in it keep it. Probabilities are saved with the settings.</source>
        <translation>新商机从第一个进行中的阶段开始。停用的阶段不再接收商机，已在其中的商机保持不变。赢单概率随“保存设置”一起保存。</translation>
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
        <source>Won</source>
        <translation>赢单</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>输单</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Add stage</source>
        <translation>新增阶段</translation>
    </message>
    <message>
        <source>Rename stage</source>
        <translation>重命名阶段</translation>
    </message>
    <message>
        <source>Retire stage</source>
        <translation>停用阶段</translation>
    </message>
    <message>
        <source>{n} opportunities are in {stage}. Move them to:</source>
        <translation>“{stage}”中有 {n} 个商机，移到：</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <source>crmdesk customer management</source>
        <extracomment>fills the entry's context menu (right click in the navigation pane), if any</extracomment>
        <translation>crmdesk 客户管理系统</translation>
    </message>
    <message>
        <source>One file holds your customers, deals, orders and service records. Open it, or create a new one.</source>
        <translation>一个文件保存您的客户、商机、订单和服务记录。打开它，或新建一个。</translation>
    </message>
    <message>
        <source>New database ...</source>
        <translation>新建数据库……</translation>
    </message>
    <message>
        <source>Open database ...</source>
        <translation>打开数据库……</translation>
    </message>
    <message>
        <source>Connect to server ...</source>
        <translation>连接服务器……</translation>
    </message>
    <message>
        <source>Recently opened</source>
        <translation>最近打开</translation>
    </message>
</context>
<context>
    <name>StatusDialog</name>
    <message>
        <source>e.g. 等待配件</source>
        <extracomment>what a cell of the transitions grid may say, and the roles it stands for</extracomment>
        <translation>例如 等待配件</translation>
    </message>
    <message>
        <source>e.g. Waiting for parts</source>
        <translation>例如 Waiting for parts</translation>
    </message>
    <message>
        <source>Key:</source>
        <translation>代码：</translation>
    </message>
    <message>
        <source>Name (Chinese):</source>
        <translation>中文名称：</translation>
    </message>
    <message>
        <source>Name (English):</source>
        <translation>英文名称：</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>类别：</translation>
    </message>
</context>
<context>
    <name>StatusesEditor</name>
    <message>
        <source>Key</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Name (Chinese)</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <source>Name (English)</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Default for new tickets</source>
        <translation>新工单默认</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>工单数</translation>
    </message>
    <message>
        <source>Add status ...</source>
        <translation>添加状态…</translation>
    </message>
    <message>
        <source>Rename ...</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Category ...</source>
        <translation>类别…</translation>
    </message>
    <message>
        <source>Colour ...</source>
        <translation>颜色…</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>设为默认</translation>
    </message>
    <message>
        <source>Retire ...</source>
        <translation>停用…</translation>
    </message>
    <message>
        <source>Reinstate</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Open and waiting tickets count as open; time in a waiting status is the customer's. A retired status takes no new tickets; the tickets in it keep it.</source>
        <translation>“未解决”和“等待中”类的工单都算未结；等待类状态的时间算客户的。停用的状态不再接收新工单，已在其中的工单保持不变。</translation>
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
        <source>Add status</source>
        <translation>添加状态</translation>
    </message>
    <message>
        <source>Rename status</source>
        <translation>重命名状态</translation>
    </message>
    <message>
        <source>Category of {status}:</source>
        <translation>“{status}”的类别：</translation>
    </message>
    <message>
        <source>Colour of {status}</source>
        <translation>“{status}”的颜色</translation>
    </message>
    <message>
        <source>Retire status</source>
        <translation>停用状态</translation>
    </message>
    <message>
        <source>{n} tickets are in {status}. Move them to:</source>
        <translation>“{status}”下有 {n} 个工单。转到：</translation>
    </message>
</context>
<context>
    <name>StockSettingsEditor</name>
    <message>
        <source>The first active warehouse</source>
        <translation>第一个启用的仓库</translation>
    </message>
    <message>
        <source>Without negative stock, an issue, a transfer or an adjustment that would leave less available than nothing is refused, naming what is available. Stock goes to the default warehouse when a movement names none.</source>
        <translation>不允许负库存时，会使可用数量小于 0 的出库、调拨或调整将被拒绝，并提示可用数量。库存变动未指定仓库时使用默认仓库。</translation>
    </message>
</context>
<context>
    <name>StockView</name>
    <message>
        <source>Product code, name or category</source>
        <extracomment>the stock changes a screen listens for</extracomment>
        <translation>产品编码、名称或类别</translation>
    </message>
    <message>
        <source>Show empty levels</source>
        <translation>显示零库存</translation>
    </message>
    <message>
        <source>New movement…</source>
        <translation>新建库存变动…</translation>
    </message>
    <message>
        <source>Receive, issue, transfer or adjust stock</source>
        <translation>入库、出库、调拨或调整库存</translation>
    </message>
    <message>
        <source>Stocktake</source>
        <translation>盘点</translation>
    </message>
    <message>
        <source>Print the sheet (PDF)…</source>
        <translation>打印盘点表（PDF）…</translation>
    </message>
    <message>
        <source>Save the sheet to fill in (Excel)…</source>
        <translation>导出盘点表以填写（Excel）…</translation>
    </message>
    <message>
        <source>Import the counts…</source>
        <translation>导入盘点结果…</translation>
    </message>
    <message>
        <source>Locations…</source>
        <translation>库位…</translation>
    </message>
    <message>
        <source>The chosen warehouse's locations (bins, shelves); put the chosen product in one</source>
        <translation>所选仓库的库位（货架、货位）；可把所选产品放到某个库位</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Stock levels</source>
        <translation>库存查询</translation>
    </message>
    <message>
        <source>Product code</source>
        <translation>产品编码</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Warehouse</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>库位</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>现有</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>已预留</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>Average cost</source>
        <translation>平均成本</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>{n} stock levels</source>
        <translation>{n} 条库存</translation>
    </message>
    <message>
        <source>All warehouses</source>
        <translation>全部仓库</translation>
    </message>
    <message>
        <source>Below the low-stock level ({level})</source>
        <translation>低于库存下限（{level}）</translation>
    </message>
    <message>
        <source>Total value: {value}</source>
        <translation>库存总值：{value}</translation>
    </message>
    <message>
        <source>Low stock: {items}</source>
        <translation>库存不足：{items}</translation>
    </message>
    <message>
        <source>{code} {name} ({available} available, level {level})</source>
        <translation>{code} {name}（可用 {available}，下限 {level}）</translation>
    </message>
    <message>
        <source>No product is below its low-stock level.</source>
        <translation>没有产品低于库存下限。</translation>
    </message>
    <message>
        <source>Posted stock movement {number}.</source>
        <translation>已登记库存变动 {number}。</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Stocktake sheet</source>
        <translation>盘点表</translation>
    </message>
    <message>
        <source>Writing the stocktake sheet…</source>
        <translation>正在生成盘点表…</translation>
    </message>
    <message>
        <source>Wrote {file}.</source>
        <translation>已保存 {file}。</translation>
    </message>
    <message>
        <source>Import the counts</source>
        <translation>导入盘点结果</translation>
    </message>
    <message>
        <source>Stocktake of {warehouse}: {n} differences posted as adjustments.</source>
        <translation>{warehouse} 盘点：{n} 项差异已登记为调整。</translation>
    </message>
</context>
<context>
    <name>SupplierForm</name>
    <message>
        <source>PO number</source>
        <translation>采购单号</translation>
    </message>
    <message>
        <source>Order date</source>
        <translation>下单日期</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>预计到货</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已到货金额</translation>
    </message>
    <message>
        <source>New purchase order</source>
        <translation>新建采购单</translation>
    </message>
    <message>
        <source>Purchase history</source>
        <translation>采购记录</translation>
    </message>
    <message>
        <source>Purchase orders: {n}; ordered ¥{ordered}, received ¥{received}; still open: {open}.</source>
        <translation>采购单 {n} 张；采购金额 ¥{ordered}，已到货 ¥{received}；未完成 {open} 张。</translation>
    </message>
</context>
<context>
    <name>TaskForm</name>
    <message>
        <source>Recurring task</source>
        <extracomment>edits that need no question: completing an occurrence makes the next one anyway the rule of the task as saved (an occurrence of a recurring task asks how to save)</extracomment>
        <translation>重复任务</translation>
    </message>
    <message>
        <source>This task repeats. Change only this one, or this one and all that follow?</source>
        <translation>这是一个重复任务。只修改这一次，还是修改这一次及以后所有的？</translation>
    </message>
    <message>
        <source>Only this one</source>
        <translation>仅这一次</translation>
    </message>
    <message>
        <source>This and all future</source>
        <translation>这一次及以后所有</translation>
    </message>
</context>
<context>
    <name>TeamDialog</name>
    <message>
        <source>New team</source>
        <translation>新建团队</translation>
    </message>
    <message>
        <source>e.g. 销售二部</source>
        <translation>例如 销售二部</translation>
    </message>
    <message>
        <source>Team name:</source>
        <translation>团队名称：</translation>
    </message>
</context>
<context>
    <name>TeamPane</name>
    <message>
        <source>Review…</source>
        <translation>审阅…</translation>
    </message>
    <message>
        <source>{n} plans, {waiting} waiting for review. Team: {figures}</source>
        <translation>共 {n} 份计划，{waiting} 份待审阅。团队：{figures}</translation>
    </message>
    <message>
        <source>No plans for this period.</source>
        <translation>本期没有计划。</translation>
    </message>
    <message>
        <source>Goals: {goals}</source>
        <translation>目标：{goals}</translation>
    </message>
    <message>
        <source>Review by {reviewer}: {comment}</source>
        <translation>{reviewer} 的审阅意见：{comment}</translation>
    </message>
</context>
<context>
    <name>TemplateDialog</name>
    <message>
        <source>Apply a template</source>
        <extracomment>a template was applied (the navigation pane shows its record types)</extracomment>
        <translation>应用行业模板</translation>
    </message>
    <message>
        <source>Choose the template of your trade. Its record types, settings, products and analyses are added; your data stays.</source>
        <translation>选择适合您行业的模板。将添加其记录类型、设置、产品和分析；现有数据保持不变。</translation>
    </message>
    <message>
        <source>{name} (applied)</source>
        <translation>{name}（已应用）</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Apply the template {name} to this file?</source>
        <translation>要将模板“{name}”应用到此文件吗？</translation>
    </message>
    <message>
        <source>The template was applied already: nothing changed.</source>
        <translation>该模板已应用过，未做任何更改。</translation>
    </message>
    <message>
        <source>Template applied: {types} record types, {products} products, {analyses} analyses.</source>
        <translation>模板已应用：{types} 个记录类型，{products} 个产品，{analyses} 项分析。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>TicketContext</name>
    <message>
        <source>Save the ticket before printing it.</source>
        <translation>请先保存工单再打印。</translation>
    </message>
</context>
<context>
    <name>TicketContextPanel</name>
    <message>
        <source>Link</source>
        <translation>关联</translation>
    </message>
    <message>
        <source>Record that this article answered the ticket</source>
        <translation>记录此文章解决了该工单</translation>
    </message>
    <message>
        <source>Suggested articles</source>
        <translation>推荐文章</translation>
    </message>
    <message>
        <source>Linked to</source>
        <translation>关联到</translation>
    </message>
    <message>
        <source>Save the ticket first: then articles are suggested and it can be linked to an order, an opportunity and a product.</source>
        <translation>请先保存工单：保存后会推荐知识库文章，并可关联订单、商机和产品。</translation>
    </message>
    <message>
        <source>No article matches the subject.</source>
        <translation>没有与主题匹配的文章。</translation>
    </message>
    <message>
        <source>Used: {articles}</source>
        <translation>已使用：{articles}</translation>
    </message>
</context>
<context>
    <name>TicketForm</name>
    <message>
        <source>Write a comment (what was done, what the customer said) ...</source>
        <translation>写一条备注（做了什么、客户说了什么）……</translation>
    </message>
    <message>
        <source>Add comment</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <source>History and comments</source>
        <translation>处理记录与备注</translation>
    </message>
    <message>
        <source>Articles and links</source>
        <translation>文章与关联</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>Ticket opened</source>
        <translation>创建工单</translation>
    </message>
</context>
<context>
    <name>TodayPanel</name>
    <message>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Mark done</source>
        <translation>标记完成</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Reminders</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Your reminders: snooze or dismiss them</source>
        <translation>您的提醒：可稍后提醒或忽略</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日待办</translation>
    </message>
    <message>
        <source>Today, {day}</source>
        <translation>今天，{day}</translation>
    </message>
    <message>
        <source>{overdue} overdue, {due} due today</source>
        <translation>{overdue} 项已逾期，{due} 项今天到期</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>今天到期</translation>
    </message>
    <message>
        <source>(nobody)</source>
        <translation>（未指派）</translation>
    </message>
    <message>
        <source>{name}: {overdue} overdue, {due} due today</source>
        <translation>{name}：逾期 {overdue} 项，今天到期 {due} 项</translation>
    </message>
    <message>
        <source>Follow-up task</source>
        <translation>跟进任务</translation>
    </message>
    <message>
        <source>Service ticket</source>
        <translation>服务工单</translation>
    </message>
    <message>
        <source>Planned follow-up</source>
        <translation>计划跟进</translation>
    </message>
    <message>
        <source>{n} items</source>
        <translation>{n} 项</translation>
    </message>
</context>
<context>
    <name>TransitionsGrid</name>
    <message>
        <source>Each row is the status a ticket is in, each column the status it may move to. A change is saved at once.</source>
        <translation>每行是工单当前状态，每列是可转到的状态。修改立即保存。</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>所有人</translation>
    </message>
    <message>
        <source>Managers</source>
        <translation>经理和管理员</translation>
    </message>
    <message>
        <source>Administrators</source>
        <translation>仅管理员</translation>
    </message>
</context>
<context>
    <name>TypeDialog</name>
    <message>
        <source>New record type</source>
        <translation>新建记录类型</translation>
    </message>
    <message>
        <source>e.g. 来店登记</source>
        <translation>如：来店登记</translation>
    </message>
    <message>
        <source>e.g. Showroom visit</source>
        <translation>如：Showroom visit</translation>
    </message>
    <message>
        <source>A customer (visible as the customer is)</source>
        <translation>客户（与客户的可见范围相同）</translation>
    </message>
    <message>
        <source>An owner (staff, their manager, administrators)</source>
        <translation>负责人（本人、其经理和管理员可见）</translation>
    </message>
    <message>
        <source>Key:</source>
        <translation>标识：</translation>
    </message>
    <message>
        <source>Name (Chinese):</source>
        <translation>中文名称：</translation>
    </message>
    <message>
        <source>Name (English):</source>
        <translation>英文名称：</translation>
    </message>
    <message>
        <source>Records belong to:</source>
        <translation>记录归属：</translation>
    </message>
    <message>
        <source>Code prefix:</source>
        <translation>编号前缀：</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <source>Edit user</source>
        <translation>编辑用户</translation>
    </message>
    <message>
        <source>New user</source>
        <translation>新建用户</translation>
    </message>
    <message>
        <source>(no team)</source>
        <translation>（无团队）</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <source>Team:</source>
        <translation>团队：</translation>
    </message>
    <message>
        <source>E-mail:</source>
        <translation>邮箱：</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>电话：</translation>
    </message>
    <message>
        <source>Must choose a new password at first login</source>
        <translation>首次登录时必须设置新密码</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Repeat password:</source>
        <translation>再次输入密码：</translation>
    </message>
    <message>
        <source>The two passwords differ: type them again.</source>
        <translation>两次输入的密码不一致：请重新输入。</translation>
    </message>
</context>
<context>
    <name>UsersView</name>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Last login</source>
        <translation>最近登录</translation>
    </message>
    <message>
        <source>New user ...</source>
        <translation>新建用户……</translation>
    </message>
    <message>
        <source>Edit ...</source>
        <translation>编辑……</translation>
    </message>
    <message>
        <source>Reset password ...</source>
        <translation>重置密码……</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Unfreeze</source>
        <translation>解冻</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Hand over customers ...</source>
        <translation>移交客户...</translation>
    </message>
    <message>
        <source>New team ...</source>
        <translation>新建团队……</translation>
    </message>
    <message>
        <source>Users and teams</source>
        <translation>用户与团队</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Frozen since {at}</source>
        <translation>自 {at} 起冻结</translation>
    </message>
    <message>
        <source>Locked until {at}</source>
        <translation>锁定至 {at}</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>{n} users</source>
        <translation>{n} 个用户</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
</context>
<context>
    <name>Views</name>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Shared by {owner}: only they can change it</source>
        <translation>由 {owner} 共享：只有对方可以修改</translation>
    </message>
    <message>
        <source>Rename...</source>
        <translation>重命名...</translation>
    </message>
    <message>
        <source>Shared with my team</source>
        <translation>与我的团队共享</translation>
    </message>
    <message>
        <source>Delete...</source>
        <translation>删除...</translation>
    </message>
    <message>
        <source>Rename view</source>
        <translation>重命名视图</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <source>Delete the view {name}? The records stay; only the saved filters, sort and columns go.</source>
        <translation>删除视图 {name}？记录不受影响，只删除保存的筛选、排序和列设置。</translation>
    </message>
    <message>
        <source>Your team will no longer see it.</source>
        <translation>您的团队将不再看到它。</translation>
    </message>
    <message>
        <source>Delete view</source>
        <translation>删除视图</translation>
    </message>
</context>
<context>
    <name>Welcome</name>
    <message>
        <source>Making the demo database ...</source>
        <translation>正在生成演示数据库……</translation>
    </message>
    <message>
        <source>Open the demo</source>
        <translation>打开演示数据库</translation>
    </message>
    <message>
        <source>{n} invented customers; log in as {user}, password {password}</source>
        <translation>{n} 个虚构客户；以 {user} 登录，密码 {password}</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <source>Welcome to crmdesk</source>
        <extracomment>crmdesk.core.demo.DEFAULT_PASSWORD, without importing the generator at start-up</extracomment>
        <translation>欢迎使用 crmdesk</translation>
    </message>
    <message>
        <source>crmdesk keeps your customers, deals, orders and service records in one database file. How do you want to start?</source>
        <translation>crmdesk 把客户、商机、订单和服务记录保存在一个数据库文件里。您想怎样开始？</translation>
    </message>
    <message>
        <source>Create a new database ...</source>
        <translation>新建数据库……</translation>
    </message>
    <message>
        <source>A new file for your business, set up for your trade (general, car dealership or insurance agency); you become its administrator.</source>
        <translation>为您的业务新建一个数据库文件，按行业（通用、汽车 4S 店或保险代理）预先设置；您将成为它的管理员。</translation>
    </message>
    <message>
        <source>Open a database ...</source>
        <translation>打开数据库……</translation>
    </message>
    <message>
        <source>A .crmdb file you or a colleague already have.</source>
        <translation>打开您或同事已有的 .crmdb 文件。</translation>
    </message>
    <message>
        <source>Open the demo</source>
        <translation>打开演示数据库</translation>
    </message>
    <message>
        <source>{n} invented customers to try things out; log in as {user}, password {password}.</source>
        <translation>含 {n} 个虚构客户，供您试用；以 {user} 登录，密码 {password}。</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>以后再说</translation>
    </message>
</context>
<context>
    <name>Widgets</name>
    <message>
        <source>YYYY-MM-DD HH:MM</source>
        <translation>年-月-日 时:分</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>年-月-日</translation>
    </message>
    <message>
        <source>Pick a date</source>
        <translation>选择日期</translation>
    </message>
    <message>
        <source>Type a name, phone or pinyin</source>
        <translation>输入姓名、电话或拼音</translation>
    </message>
    <message>
        <source>Show the full value (recorded in the audit log)</source>
        <translation>显示完整内容（会记入审计日志）</translation>
    </message>
    <message>
        <source>e.g. 138 1234 5678</source>
        <extracomment>suppliers, warehouses ... by kind (fields.CATALOGUE_KINDS) the VAT rates offered, in basis points (settings ``vat.rates``)</extracomment>
        <translation>例如 138 1234 5678</translation>
    </message>
    <message>
        <source>e.g. 010-6234 5678</source>
        <translation>例如 010-6234 5678</translation>
    </message>
    <message>
        <source>e.g. name@example.com</source>
        <translation>例如 name@example.com</translation>
    </message>
    <message>
        <source>Separate tags with commas</source>
        <translation>多个标签用逗号分隔</translation>
    </message>
</context>
<context>
    <name>WorkPlansView</name>
    <message>
        <source>{planned} planned · {done} done · {on_time} on time · {percent}</source>
        <translation>计划 {planned} 项 · 完成 {done} 项 · 按时 {on_time} 项 · {percent}</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Done on time</source>
        <translation>按时完成</translation>
    </message>
    <message>
        <source>Done late</source>
        <translation>延期完成</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>按时</translation>
    </message>
    <message>
        <source>Done %</source>
        <translation>完成率</translation>
    </message>
    <message>
        <source>Reviewed by</source>
        <translation>审阅人</translation>
    </message>
    <message>
        <source>Work plans</source>
        <translation>工作计划</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一期</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一期</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Team plans</source>
        <translation>团队计划</translation>
    </message>
    <message>
        <source>Everyone's plans</source>
        <translation>全部计划</translation>
    </message>
    <message>
        <source>My plan</source>
        <translation>我的计划</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
</context>
</TS>