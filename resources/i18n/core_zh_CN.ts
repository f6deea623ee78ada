<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>Accounting</name>
    <message>
        <source>Accounts receivable</source>
        <extracomment>account name -&gt; English label (context Accounting)</extracomment>
        <translation>应收账款</translation>
    </message>
    <message>
        <source>Sales revenue</source>
        <translation>主营业务收入</translation>
    </message>
    <message>
        <source>Output VAT</source>
        <translation>应交增值税（销项税额）</translation>
    </message>
    <message>
        <source>Bank</source>
        <translation>银行存款</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>库存现金</translation>
    </message>
    <message>
        <source>Opening balances</source>
        <translation>期初余额</translation>
    </message>
    <message>
        <source>Stock of goods</source>
        <translation>库存商品</translation>
    </message>
    <message>
        <source>Cost of goods sold</source>
        <translation>主营业务成本</translation>
    </message>
    <message>
        <source>Accounts payable</source>
        <translation>应付账款</translation>
    </message>
    <message>
        <source>Opening balance {number}</source>
        <translation>期初余额 {number}</translation>
    </message>
    <message>
        <source>Invoice {number}</source>
        <translation>发票 {number}</translation>
    </message>
    <message>
        <source>Payment {number}</source>
        <translation>收款 {number}</translation>
    </message>
    <message>
        <source>Shipped {quantity} x {product}</source>
        <translation>发货 {product} ×{quantity}</translation>
    </message>
    <message>
        <source>Received {quantity} x {product}</source>
        <translation>入库 {product} ×{quantity}</translation>
    </message>
</context>
<context>
    <name>Assignment</name>
    <message>
        <source>every ticket</source>
        <translation>所有工单</translation>
    </message>
    <message>
        <source>team {team} (in turn)</source>
        <translation>团队 {team}（轮流）</translation>
    </message>
    <message>
        <source>Assigned by rule {position}: {conditions} → {target}</source>
        <translation>按规则 {position} 分派：{conditions} → {target}</translation>
    </message>
</context>
<context>
    <name>Audit</name>
    <message>
        <source>Created</source>
        <extracomment>The kinds of entry (``AuditEntry.action``) as the audit log names them.</extracomment>
        <translation>创建</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Purged</source>
        <translation>彻底删除</translation>
    </message>
    <message>
        <source>Given to another owner</source>
        <translation>转交负责人</translation>
    </message>
    <message>
        <source>Sensitive field shown</source>
        <translation>查看敏感字段</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Merged</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>Merge undone</source>
        <translation>撤销合并</translation>
    </message>
    <message>
        <source>Marked not duplicates</source>
        <translation>标记为不是重复客户</translation>
    </message>
    <message>
        <source>Marked possible duplicates again</source>
        <translation>重新列为可能重复</translation>
    </message>
    <message>
        <source>Logged in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Login failed</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <source>Account locked</source>
        <translation>账户锁定</translation>
    </message>
    <message>
        <source>Account unlocked</source>
        <translation>账户解锁</translation>
    </message>
    <message>
        <source>Account frozen</source>
        <translation>账户冻结</translation>
    </message>
    <message>
        <source>Account unfrozen</source>
        <translation>账户解冻</translation>
    </message>
    <message>
        <source>Read refused (limit reached)</source>
        <translation>拒绝读取（已达上限）</translation>
    </message>
    <message>
        <source>User created</source>
        <translation>新建用户</translation>
    </message>
    <message>
        <source>User changed</source>
        <translation>修改用户</translation>
    </message>
    <message>
        <source>User disabled</source>
        <translation>停用用户</translation>
    </message>
    <message>
        <source>User enabled</source>
        <translation>启用用户</translation>
    </message>
    <message>
        <source>Password changed</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Password reset</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>Team created</source>
        <translation>新建团队</translation>
    </message>
    <message>
        <source>Key pair registered</source>
        <translation>登记密钥对</translation>
    </message>
    <message>
        <source>File attached</source>
        <translation>添加附件</translation>
    </message>
    <message>
        <source>Attachment opened</source>
        <translation>打开附件</translation>
    </message>
    <message>
        <source>Attachment saved</source>
        <translation>另存附件</translation>
    </message>
    <message>
        <source>Attachment deleted</source>
        <translation>删除附件</translation>
    </message>
    <message>
        <source>Attachment restored</source>
        <translation>恢复附件</translation>
    </message>
    <message>
        <source>Attachment purged</source>
        <translation>彻底删除附件</translation>
    </message>
    <message>
        <source>Keys replaced</source>
        <translation>更换密钥</translation>
    </message>
    <message>
        <source>Audit log signed from here on</source>
        <translation>审计日志自此起签名</translation>
    </message>
    <message>
        <source>Settings changed</source>
        <translation>修改设置</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Satisfaction recorded</source>
        <translation>记录满意度</translation>
    </message>
    <message>
        <source>Campaign members</source>
        <translation>活动成员</translation>
    </message>
    <message>
        <source>Custom field created</source>
        <translation>新建自定义字段</translation>
    </message>
    <message>
        <source>Custom field changed</source>
        <translation>修改自定义字段</translation>
    </message>
    <message>
        <source>Record type created</source>
        <translation>新建记录类型</translation>
    </message>
    <message>
        <source>Record type changed</source>
        <translation>修改记录类型</translation>
    </message>
    <message>
        <source>Template applied</source>
        <translation>应用模板</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Database restored</source>
        <translation>恢复数据库</translation>
    </message>
    <message>
        <source>Database copied</source>
        <translation>数据库已复制</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>分析</translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation>演示数据</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <source>Article used</source>
        <translation>使用文章</translation>
    </message>
    <message>
        <source>Ticket links changed</source>
        <translation>工单关联已修改</translation>
    </message>
    <message>
        <source>Customers handed over</source>
        <translation>客户移交</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>已审阅</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>已发货</translation>
    </message>
    <message>
        <source>Goods received</source>
        <translation>收货入库</translation>
    </message>
    <message>
        <source>Database</source>
        <extracomment>Things the log names besides the record types of ``fields.ENTITY_LABELS``.</extracomment>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Sales stage</source>
        <translation>销售阶段</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Ticket status</source>
        <translation>工单状态</translation>
    </message>
    <message>
        <source>Assignment rule</source>
        <translation>分派规则</translation>
    </message>
    <message>
        <source>Custom field</source>
        <translation>自定义字段</translation>
    </message>
    <message>
        <source>Record type</source>
        <translation>记录类型</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Knowledge base article</source>
        <translation>知识库文章</translation>
    </message>
    <message>
        <source>Diary note</source>
        <translation>日记笔记</translation>
    </message>
    <message>
        <source>Work plan</source>
        <translation>工作计划</translation>
    </message>
    <message>
        <source>Bank statement line</source>
        <translation>银行流水</translation>
    </message>
    <message>
        <source>Demo data: {n} customers (seed {seed})</source>
        <extracomment>Makes the people who own a demo's customers, in the demo's first transaction (the session and its administrator), and returns their user ids and the weight of each one's share: a benchmark's whole sales organisation is made this way, as the rows are generated, instead of handing ten million customers over afterwards. below this many customers the rows are made in the writing process batches a generator process may run ahead of the writer the tables the demo fills in bulk (their secondary indexes are built after the load)</extracomment>
        <translation>演示数据：{n} 个客户（种子 {seed}）</translation>
    </message>
    <message>
        <source>New key pair for {name} ({fingerprint})</source>
        <translation>为 {name} 生成了新的密钥对（{fingerprint}）</translation>
    </message>
    <message>
        <source>First administrator {name}</source>
        <translation>首位管理员 {name}</translation>
    </message>
    <message>
        <source>Unknown user name: {name}</source>
        <translation>不存在的用户名：{name}</translation>
    </message>
    <message>
        <source>Locked for {minutes} minutes after wrong passwords</source>
        <translation>多次密码错误，锁定 {minutes} 分钟</translation>
    </message>
    <message>
        <source>Wrong password</source>
        <translation>密码错误</translation>
    </message>
    <message>
        <source>Created user {name}</source>
        <translation>创建用户 {name}</translation>
    </message>
    <message>
        <source>Changed user {name}</source>
        <translation>修改用户 {name}</translation>
    </message>
    <message>
        <source>Changed own password</source>
        <translation>修改了自己的密码</translation>
    </message>
    <message>
        <source>Reset the password of {name}</source>
        <translation>重置 {name} 的密码</translation>
    </message>
    <message>
        <source>Unlocked {name}</source>
        <translation>解锁 {name}</translation>
    </message>
    <message>
        <source>Replaced {n} keys and re-encrypted {values} sensitive values</source>
        <translation>更换了 {n} 把密钥，重新加密了 {values} 项敏感信息</translation>
    </message>
    <message>
        <source>Disabled {name}</source>
        <translation>停用 {name}</translation>
    </message>
    <message>
        <source>Enabled {name}</source>
        <translation>启用 {name}</translation>
    </message>
    <message>
        <source>Unfroze {name}</source>
        <translation>解冻 {name}</translation>
    </message>
    <message>
        <source>Created team {name}</source>
        <translation>新建团队 {name}</translation>
    </message>
    <message>
        <source>Froze the account: {n} customers opened, listed or exported within {minutes} minutes (limit {limit}), the last by opening a record</source>
        <extracomment>distinct customers counted within the window (plus counts of older, unnamed rows) per role: the setting with its limit, and the admin's switch that turns counting off access rows older than the longest window (1440 minutes) can never count again Why an account was frozen (the audit entry), per kind of read.</extracomment>
        <translation>冻结账户：{minutes} 分钟内打开、列出或导出了 {n} 个客户（上限 {limit}），最后一次为打开记录</translation>
    </message>
    <message>
        <source>Froze the account: {n} customers opened, listed or exported within {minutes} minutes (limit {limit}), the last by showing a sensitive field</source>
        <translation>冻结账户：{minutes} 分钟内打开、列出或导出了 {n} 个客户（上限 {limit}），最后一次为查看敏感字段</translation>
    </message>
    <message>
        <source>Froze the account: {n} customers opened, listed or exported within {minutes} minutes (limit {limit}), the last by an export, report or analysis</source>
        <translation>冻结账户：{minutes} 分钟内打开、列出或导出了 {n} 个客户（上限 {limit}），最后一次为导出、报表或分析</translation>
    </message>
    <message>
        <source>Froze the account: {n} customers opened, listed or exported within {minutes} minutes (limit {limit}), the last by a list</source>
        <translation>冻结账户：{minutes} 分钟内打开、列出或导出了 {n} 个客户（上限 {limit}），最后一次为列表</translation>
    </message>
    <message>
        <source>Froze the account: {n} customers opened, listed or exported within {minutes} minutes (limit {limit}), the last by a search</source>
        <translation>冻结账户：{minutes} 分钟内打开、列出或导出了 {n} 个客户（上限 {limit}），最后一次为搜索</translation>
    </message>
    <message>
        <source>Froze the account: {n} customers opened, listed or exported within {minutes} minutes (limit {limit}), the last by a duplicate search</source>
        <translation>冻结账户：{minutes} 分钟内打开、列出或导出了 {n} 个客户（上限 {limit}），最后一次为查找重复客户</translation>
    </message>
    <message>
        <source>Refused a read: {n} customers within {minutes} minutes (limit {limit}); the last active administrator is not frozen</source>
        <translation>已拒绝读取：{minutes} 分钟内将达 {n} 个客户（上限 {limit}）；最后一位在用管理员不会被冻结</translation>
    </message>
    <message>
        <source>Added {n} members to {record}</source>
        <translation>向 {record} 添加 {n} 名成员</translation>
    </message>
    <message>
        <source>Removed customer #{id}</source>
        <translation>移除客户 #{id}</translation>
    </message>
    <message>
        <source>Member #{id}: {old} → {new}</source>
        <translation>成员 #{id}：{old} → {new}</translation>
    </message>
    <message>
        <source>Custom field {label} of {entity}</source>
        <translation>{entity}的自定义字段 {label}</translation>
    </message>
    <message>
        <source>Enabled custom field {label} of {entity}</source>
        <translation>启用{entity}的自定义字段 {label}</translation>
    </message>
    <message>
        <source>Disabled custom field {label} of {entity}</source>
        <translation>停用{entity}的自定义字段 {label}</translation>
    </message>
    <message>
        <source>Gave {record} to {name}</source>
        <translation>将 {record} 转交给 {name}</translation>
    </message>
    <message>
        <source>Merged {merged} into {survivor} (merge #{id})</source>
        <translation>将 {merged} 合并到 {survivor}（合并 #{id}）</translation>
    </message>
    <message>
        <source>Undid merge #{id}: {merged} is back, separate from {survivor}</source>
        <translation>撤销合并 #{id}：{merged} 已恢复，与 {survivor} 分开</translation>
    </message>
    <message>
        <source>Restored {merged} (undo of merge #{id})</source>
        <translation>恢复 {merged}（撤销合并 #{id}）</translation>
    </message>
    <message>
        <source>{record}</source>
        <translation>{record}</translation>
    </message>
    <message>
        <source>Published {record}</source>
        <translation>发布了 {record}</translation>
    </message>
    <message>
        <source>Back to draft: {record}</source>
        <translation>改回草稿：{record}</translation>
    </message>
    <message>
        <source>Used article {article} for {record}</source>
        <translation>为 {record} 使用了文章 {article}</translation>
    </message>
    <message>
        <source>Added pipeline stage {stage}</source>
        <translation>新增销售阶段 {stage}</translation>
    </message>
    <message>
        <source>Renamed pipeline stage {stage}</source>
        <translation>重命名销售阶段 {stage}</translation>
    </message>
    <message>
        <source>Moved pipeline stage {stage} to position {position}</source>
        <translation>将销售阶段 {stage} 移到第 {position} 位</translation>
    </message>
    <message>
        <source>Win probability of stage {stage}</source>
        <translation>阶段“{stage}”的赢单概率</translation>
    </message>
    <message>
        <source>Retired pipeline stage {stage}</source>
        <translation>停用销售阶段 {stage}</translation>
    </message>
    <message>
        <source>Reinstated pipeline stage {stage}</source>
        <translation>恢复销售阶段 {stage}</translation>
    </message>
    <message>
        <source>Shipped {record} of order {order}: {units} units</source>
        <translation>发货 {record}（订单 {order}）：{units} 件</translation>
    </message>
    <message>
        <source>Cancelled {record} of order {order}</source>
        <translation>取消 {record}（订单 {order}）</translation>
    </message>
    <message>
        <source>Changed the lines of {record}</source>
        <translation>修改了 {record} 的明细</translation>
    </message>
    <message>
        <source>Showed {field} of {entity} #{id}</source>
        <translation>查看{entity} #{id} 的{field}</translation>
    </message>
    <message>
        <source>Ticket status {name}</source>
        <translation>工单状态 {name}</translation>
    </message>
    <message>
        <source>Commented on {record}</source>
        <translation>为 {record} 添加备注</translation>
    </message>
    <message>
        <source>Setting: {setting}</source>
        <translation>设置：{setting}</translation>
    </message>
    <message>
        <source>The audit log is signed from here on: the {count} entries before this one are unsigned history</source>
        <extracomment>the database's random id (a "state" setting): in every signed entry's hash, in every backup's manifest and in the witnesses this computer keeps what a signature covers besides the entry's hash (so it means nothing elsewhere) a user's signing key enters the log: params ``key`` (user_keys.id) and ``fingerprint`` (``crypto.fingerprint`` of its Ed25519 public key) the entry that starts the signed era of a file from an older release what may stay unsigned in the signed era, and only when nobody logged in did it (``user_id`` NULL): a wrong password, a lockout, a restore (the restoring administrator's key may not exist in the restored file), an automatic backup</extracomment>
        <translation>审计日志自此起签名：此前的 {count} 条为未签名的历史记录</translation>
    </message>
    <message>
        <source>entry {id} is missing (deleted)</source>
        <extracomment>the witness saw this very file (False: another copy of the same database) restore entries (id, hash) this computer saw the program write in this file first keys that signed before their own registration: key id -&gt; first entry</extracomment>
        <translation>第 {id} 条缺失（已被删除）</translation>
    </message>
    <message>
        <source>its link to the previous entry does not match (entries were removed, inserted or reordered)</source>
        <translation>它与上一条的链接不符（有条目被删除、插入或调换顺序）</translation>
    </message>
    <message>
        <source>it is marked as unsigned history, but the log is signed from entry {start} on: its signature was removed</source>
        <translation>它被标为未签名的历史记录，但日志自第 {start} 条起已签名：其签名被去掉</translation>
    </message>
    <message>
        <source>its content was changed</source>
        <translation>其内容被修改</translation>
    </message>
    <message>
        <source>it has an unknown format ({format})</source>
        <translation>其格式未知（{format}）</translation>
    </message>
    <message>
        <source>it is signed with key {key}, which is not in the database</source>
        <translation>它由密钥 {key} 签名，但数据库中没有该密钥</translation>
    </message>
    <message>
        <source>its content was changed (or its signer's public key, or the database id)</source>
        <translation>其内容被修改（或签名人的公钥、数据库编号被修改）</translation>
    </message>
    <message>
        <source>it carries a signature but names no signer</source>
        <translation>它带有签名，却未注明签名人</translation>
    </message>
    <message>
        <source>it is not signed ({action} by {user}); in the signed log only failed logins, lockouts, restores and automatic backups may be unsigned</source>
        <translation>它未签名（{user} 的 {action}）；在已签名的日志中，只有登录失败、账户锁定、恢复和自动备份可以不签名</translation>
    </message>
    <message>
        <source>its signature does not match: it was forged or re-signed, or the public key of key {key} ({owner}) was replaced</source>
        <translation>其签名不符：条目被伪造或重新签名，或密钥 {key}（{owner}）的公钥被替换</translation>
    </message>
    <message>
        <source>it names {user} as its author but is signed with key {key} of {owner}</source>
        <translation>它记为 {user} 所写，却由 {owner} 的密钥 {key} 签名</translation>
    </message>
    <message>
        <source>it names no user but is signed with key {key} of {owner}</source>
        <translation>它未记录用户，却由 {owner} 的密钥 {key} 签名</translation>
    </message>
    <message>
        <source>it is signed with key {key} of {owner}, which no earlier entry registered</source>
        <translation>它由 {owner} 的密钥 {key} 签名，但此前没有任何条目登记过该密钥</translation>
    </message>
    <message>
        <source>it registers key {key}, which is not in the database or not signed</source>
        <translation>它登记的密钥 {key} 不在数据库中，或该条目未签名</translation>
    </message>
    <message>
        <source>the public key of key {key} ({owner}) is not the one registered here: it was replaced</source>
        <translation>密钥 {key}（{owner}）的公钥与此处登记的不同：已被替换</translation>
    </message>
    <message>
        <source>it registers key {key} of {owner} with the key of {signer}, who is not an administrator</source>
        <translation>它用 {signer} 的密钥登记了 {owner} 的密钥 {key}，但 {signer} 不是管理员</translation>
    </message>
    <message>
        <source>entries from {id} on are missing (deleted)</source>
        <translation>从第 {id} 条起的条目缺失（已被删除）</translation>
    </message>
    <message>
        <source>the log is empty although the database has {n} users: it was wiped</source>
        <translation>数据库有 {n} 个用户，日志却是空的：日志被清空</translation>
    </message>
    <message>
        <source>the database has signing keys but the log has no signed entry: its signatures were removed</source>
        <translation>数据库中有签名密钥，日志中却没有已签名的条目：签名被去掉</translation>
    </message>
    <message>
        <source>key {key} of {owner} was never registered in the log: entries were removed or their signatures stripped</source>
        <translation>{owner} 的密钥 {key} 从未在日志中登记：有条目被删除或签名被去掉</translation>
    </message>
    <message>
        <source>Entry {id} records a restore from a backup: {n} witness(es) from before it (up to entry {top}) saw the history it replaced.</source>
        <translation>第 {id} 条记录了一次从备份恢复：恢复前的 {n} 个见证（最多到第 {top} 条）看到的是被替换掉的历史。</translation>
    </message>
    <message>
        <source>{witness} saw entry {id} in this log ({date}), but the log ends at entry {last}: its last entries were removed, or an older copy was put in its place without a restore</source>
        <translation>{witness}曾在此日志中见到第 {id} 条（{date}），但日志止于第 {last} 条：末尾的条目被删除，或未经恢复就用旧副本替换了此文件</translation>
    </message>
    <message>
        <source>{witness} saw a different entry {id} in this log ({date}): the log was rewritten and its chain recomputed, or the file was replaced by another copy</source>
        <translation>{witness}曾在此日志中见到不同的第 {id} 条（{date}）：日志被改写并重新计算了链，或文件被另一个副本替换</translation>
    </message>
    <message>
        <source>the witnesses still agree up to entry {same}</source>
        <translation>见证在第 {same} 条及之前仍一致</translation>
    </message>
    <message>
        <source>entry {id} says the file was restored from a backup, but no witness here recorded that restore and no known key signed it</source>
        <translation>第 {id} 条称文件是从备份恢复的，但这里没有任何见证记录过这次恢复，也没有已知密钥为其签名</translation>
    </message>
    <message>
        <source>This file and the copy at {copy} are the same database but have diverged: the same entries up to entry {same}, different from entry {differ} on at the latest. Each copy has been used on its own since: this is not tampering, but only one of them should be kept.</source>
        <translation>此文件与 {copy} 处的副本是同一个数据库，但已分叉：第 {same} 条及之前相同，最迟从第 {differ} 条起不同。此后两个副本各自被使用：这不是篡改，但只应保留其中一个。</translation>
    </message>
    <message>
        <source>The copy at {copy} has entries up to {top}, this file up to {last}: this file is an older copy of the same database (or the copy at {copy} was used after this file was copied from it).</source>
        <translation>{copy} 处的副本有到第 {top} 条的记录，此文件只到第 {last} 条：此文件是同一数据库的较旧副本（或 {copy} 处的副本在复制出此文件后又被使用过）。</translation>
    </message>
    <message>
        <source>This computer</source>
        <extracomment>heads kept per file: the newest KEEP_RECENT, then one per power-of-two distance the file stays small: the databases and copies seen least recently are forgotten</extracomment>
        <translation>本机</translation>
    </message>
    <message>
        <source>This computer (the copy at {path})</source>
        <translation>本机（{path} 处的副本）</translation>
    </message>
    <message>
        <source>Backup {file}</source>
        <translation>备份 {file}</translation>
    </message>
    <message>
        <source>Attached {file} ({size})</source>
        <extracomment>the audit entries (action -&gt; message); each names the record the file belongs to</extracomment>
        <translation>添加附件 {file}（{size}）</translation>
    </message>
    <message>
        <source>Opened the attachment {file}</source>
        <translation>打开附件 {file}</translation>
    </message>
    <message>
        <source>Saved the attachment {file} as {path}</source>
        <translation>将附件 {file} 另存为 {path}</translation>
    </message>
    <message>
        <source>Deleted the attachment {file}</source>
        <translation>删除附件 {file}</translation>
    </message>
    <message>
        <source>Restored the attachment {file}</source>
        <translation>恢复附件 {file}</translation>
    </message>
    <message>
        <source>Purged the attachment {file}</source>
        <translation>彻底删除附件 {file}</translation>
    </message>
    <message>
        <source>Set {field} to “{value}” on {count} records ({refused} refused)</source>
        <extracomment>records loaded, cleaned and written per step</extracomment>
        <translation>将 {count} 条记录的{field}改为“{value}”（{refused} 条未修改）</translation>
    </message>
    <message>
        <source>Added ticket status {name}</source>
        <translation>添加工单状态 {name}</translation>
    </message>
    <message>
        <source>Renamed ticket status {name}</source>
        <translation>重命名工单状态 {name}</translation>
    </message>
    <message>
        <source>Moved ticket status {name} to position {position}</source>
        <translation>工单状态 {name} 移到第 {position} 位</translation>
    </message>
    <message>
        <source>Colour of ticket status {name}</source>
        <translation>工单状态 {name} 的颜色</translation>
    </message>
    <message>
        <source>Category of ticket status {name}</source>
        <translation>工单状态 {name} 的类别</translation>
    </message>
    <message>
        <source>New tickets start in {name}</source>
        <translation>新工单的初始状态设为 {name}</translation>
    </message>
    <message>
        <source>Retired ticket status {name}</source>
        <translation>停用工单状态 {name}</translation>
    </message>
    <message>
        <source>Reinstated ticket status {name}</source>
        <translation>恢复工单状态 {name}</translation>
    </message>
    <message>
        <source>Moves from ticket status {name} to {target}</source>
        <translation>工单状态 {name} 到 {target} 的流转</translation>
    </message>
    <message>
        <source>Wrote diary note {id} of {date}</source>
        <translation>写了 {date} 的日记笔记 {id}</translation>
    </message>
    <message>
        <source>Changed diary note {id} of {date}</source>
        <translation>修改了 {date} 的日记笔记 {id}</translation>
    </message>
    <message>
        <source>Deleted diary note {id} of {date}</source>
        <translation>删除了 {date} 的日记笔记 {id}</translation>
    </message>
    <message>
        <source>Handed over {customers} customers of {from_user} to {to_user} with {opportunities} open opportunities, {tickets} open tickets and {tasks} open tasks</source>
        <translation>将 {from_user} 的 {customers} 个客户移交给 {to_user}，连同 {opportunities} 个未结商机、{tickets} 个未结工单和 {tasks} 个未完成任务</translation>
    </message>
    <message>
        <source>Record type {type} created</source>
        <translation>新建记录类型 {type}</translation>
    </message>
    <message>
        <source>Record type {type} changed</source>
        <translation>修改记录类型 {type}</translation>
    </message>
    <message>
        <source>Record type {type}: field {field} added</source>
        <translation>记录类型 {type}：新增字段 {field}</translation>
    </message>
    <message>
        <source>Record type {type}: field {field} changed</source>
        <translation>记录类型 {type}：修改字段 {field}</translation>
    </message>
    <message>
        <source>Record type {type}: fields reordered</source>
        <translation>记录类型 {type}：调整字段顺序</translation>
    </message>
    <message>
        <source>Record type {type}: field {field} retired</source>
        <translation>记录类型 {type}：停用字段 {field}</translation>
    </message>
    <message>
        <source>Record type {type}: field {field} restored</source>
        <translation>记录类型 {type}：恢复字段 {field}</translation>
    </message>
    <message>
        <source>Record type {type}: field {field} changed from {old} to {new}</source>
        <translation>记录类型 {type}：字段 {field} 由 {old} 改为 {new}</translation>
    </message>
    <message>
        <source>Record type definitions exported: {types}</source>
        <translation>导出记录类型定义：{types}</translation>
    </message>
    <message>
        <source>Satisfaction {score}/5 for {record}</source>
        <translation>{record} 满意度 {score}/5</translation>
    </message>
    <message>
        <source>Imported satisfaction survey {file}: {n} scores</source>
        <translation>导入满意度问卷 {file}：{n} 条评分</translation>
    </message>
    <message>
        <source>Service level target {priority} {category}</source>
        <translation>服务级别目标 {priority} {category}</translation>
    </message>
    <message>
        <source>Service level working week</source>
        <translation>服务级别工作周</translation>
    </message>
    <message>
        <source>Service level calendar day {day}</source>
        <translation>服务级别日历日 {day}</translation>
    </message>
    <message>
        <source>Added assignment rule {position}: {rule}</source>
        <translation>新增分派规则 {position}：{rule}</translation>
    </message>
    <message>
        <source>Removed assignment rule {position}: {rule}</source>
        <translation>删除分派规则 {position}：{rule}</translation>
    </message>
    <message>
        <source>Moved assignment rule {position}: {rule}</source>
        <translation>移动分派规则 {position}：{rule}</translation>
    </message>
    <message>
        <source>Switched assignment rule {position} on</source>
        <translation>启用分派规则 {position}</translation>
    </message>
    <message>
        <source>Switched assignment rule {position} off</source>
        <translation>停用分派规则 {position}</translation>
    </message>
    <message>
        <source>the week of {day}</source>
        <translation>{day} 起的一周</translation>
    </message>
    <message>
        <source>the month {month}</source>
        <translation>{month} 月</translation>
    </message>
    <message>
        <source>Work plan of {owner} for {period}</source>
        <translation>{owner} 的工作计划（{period}）</translation>
    </message>
    <message>
        <source>Goals of {owner}'s work plan for {period}</source>
        <translation>{owner} 的工作计划目标（{period}）</translation>
    </message>
    <message>
        <source>Submitted {owner}'s work plan for {period}</source>
        <translation>提交了 {owner} 的工作计划（{period}）</translation>
    </message>
    <message>
        <source>Reviewed {owner}'s work plan for {period}: {comment}</source>
        <translation>审阅了 {owner} 的工作计划（{period}）：{comment}</translation>
    </message>
    <message>
        <source>Template {template} applied (version {version})</source>
        <extracomment>the file did not record this template (or this version of it) as applied before</extracomment>
        <translation>已应用模板 {template}（版本 {version}）</translation>
    </message>
    <message>
        <source>Demo data: template {template}</source>
        <translation>演示数据：模板 {template}</translation>
    </message>
    <message>
        <source>Database copied from {source} ({rows} rows)</source>
        <translation>已从 {source} 复制数据库（{rows} 行）</translation>
    </message>
    <message>
        <source>Imported bank statement {file}: {added} new lines, {skipped} already there</source>
        <translation>导入银行对账单 {file}：新增 {added} 行，{skipped} 行已存在</translation>
    </message>
    <message>
        <source>Set bank line {id} aside</source>
        <translation>搁置银行流水 {id}</translation>
    </message>
    <message>
        <source>Brought bank line {id} back to matching</source>
        <translation>银行流水 {id} 恢复待匹配</translation>
    </message>
    <message>
        <source>Issued {record} for order {order}</source>
        <translation>为订单 {order} 开具发票 {record}</translation>
    </message>
    <message>
        <source>Voided {record}: {reason}</source>
        <translation>作废 {record}：{reason}</translation>
    </message>
    <message>
        <source>Imported opening balances {file}: {added} new, {skipped} already there</source>
        <translation>导入期初余额 {file}：新增 {added} 笔，{skipped} 笔已存在</translation>
    </message>
    <message>
        <source>{record} paid {invoices}</source>
        <translation>{record} 核销了 {invoices}</translation>
    </message>
    <message>
        <source>Ordered {record}</source>
        <translation>采购单 {record} 已下单</translation>
    </message>
    <message>
        <source>Cancelled {record}</source>
        <translation>取消 {record}</translation>
    </message>
    <message>
        <source>Received goods on {record} into {warehouse}: {items}</source>
        <translation>{record} 收货入库到 {warehouse}：{items}</translation>
    </message>
    <message>
        <source>{record} became order {order}</source>
        <translation>{record} 已生成订单 {order}</translation>
    </message>
    <message>
        <source>; the server's data before was backed up to {file}</source>
        <translation>；恢复前服务器上的数据已备份到 {file}</translation>
    </message>
    <message>
        <source>{number} {kind}: {product}, {quantity} in {warehouse}</source>
        <translation>{number} {kind}：{product}，{warehouse} 数量 {quantity}</translation>
    </message>
    <message>
        <source>Stocktake of {warehouse}: {counted} products counted, {changed} differences posted as adjustments</source>
        <translation>{warehouse} 盘点：盘点 {counted} 种产品，{changed} 项差异已登记为调整</translation>
    </message>
    <message>
        <source>Added location {location} to {record}</source>
        <translation>为 {record} 添加库位 {location}</translation>
    </message>
</context>
<context>
    <name>Backup</name>
    <message>
        <source>Copying the server's data</source>
        <translation>正在复制服务器上的数据</translation>
    </message>
    <message>
        <source>The database {name} holds another program's tables, not crmdesk's: give the URL of a crmdesk database or of a new, empty one. Nothing was changed.</source>
        <extracomment>table -&gt; rows now on the server</extracomment>
        <translation>数据库 {name} 存有其他程序的表，不是 crmdesk 数据库：请给出 crmdesk 数据库或新的空数据库的 URL。未做任何更改。</translation>
    </message>
    <message>
        <source>Log in as an administrator of {name} to replace it with a backup.</source>
        <translation>请以 {name} 的管理员身份登录，才能用备份替换它。</translation>
    </message>
    <message>
        <source>The restore to {name} failed: {reason} Nothing was kept: the server database was left as it was.</source>
        <translation>恢复到 {name} 失败：{reason} 未保留任何内容：服务器数据库保持原样。</translation>
    </message>
    <message>
        <source>The server user {user} may not empty the tables of {name}: run the restore with the URL of the database's owner. Nothing was changed.</source>
        <extracomment>seconds the restore waits for others' reads of the server to end before it says so</extracomment>
        <translation>服务器用户 {user} 无权清空 {name} 的表：请使用数据库所有者的 URL 进行恢复。未做任何更改。</translation>
    </message>
    <message>
        <source>{name} is in use ({count} other connections are reading it): ask everyone to close crmdesk, then restore again. Nothing was changed.</source>
        <translation>{name} 正在使用中（另有 {count} 个连接在读取）：请大家先关闭 crmdesk，然后再恢复。未做任何更改。</translation>
    </message>
    <message>
        <source>Restoring to the server</source>
        <translation>正在恢复到服务器</translation>
    </message>
    <message>
        <source>The audit chain of {name} does not verify ({reason}): the server was left as it was.</source>
        <translation>{name} 的审计链校验未通过（{reason}）：服务器保持原样。</translation>
    </message>
</context>
<context>
    <name>BackupTable</name>
    <message>
        <source>By hand</source>
        <extracomment>Why a backup was made (the manifest's ``reason``), as the backup list names it.</extracomment>
        <translation>手动</translation>
    </message>
    <message>
        <source>Every few hours</source>
        <translation>定时</translation>
    </message>
    <message>
        <source>Daily</source>
        <translation>每天</translation>
    </message>
    <message>
        <source>On closing</source>
        <translation>关闭时</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>命令行</translation>
    </message>
    <message>
        <source>Before a restore</source>
        <translation>恢复前</translation>
    </message>
</context>
<context>
    <name>Calendar</name>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>计划跟进</translation>
    </message>
    <message>
        <source>Ticket due</source>
        <translation>工单到期</translation>
    </message>
    <message>
        <source>Expected close</source>
        <translation>预计成交</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>营销活动</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>发货</translation>
    </message>
    <message>
        <source>Goods expected</source>
        <translation>预计到货</translation>
    </message>
    <message>
        <source>{kind}: {title}</source>
        <extracomment>the record an item opens and moves: (entity) the field a move changes at most this many items of one kind in a range (a month of 5,000 tasks fits) at most this many computed occurrences of one recurring task in a range the longest range one call reads a task's due time (aware); the day of an all-day item the last day of an all-day item spanning days (a campaign); else None a later occurrence of a recurring task, from its rule (not a record of its own)</extracomment>
        <translation>{kind}：{title}</translation>
    </message>
    <message>
        <source>The range ends ({last}) before it starts ({first}): give a later end date.</source>
        <translation>日期范围的结束日期（{last}）早于开始日期（{first}）：请换一个更晚的结束日期。</translation>
    </message>
    <message>
        <source>The range is too long: at most {days} days at once.</source>
        <translation>日期范围太长：一次最多 {days} 天。</translation>
    </message>
    <message>
        <source>You may not see {name}'s calendar: a manager sees the team's calendars, an administrator everyone's.</source>
        <translation>您无权查看 {name} 的日历：经理可查看本组成员的日历，管理员可查看所有人的日历。</translation>
    </message>
</context>
<context>
    <name>Choice</name>
    <message>
        <source>Individual</source>
        <translation>个人</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>H - hot</source>
        <translation>H - 极高</translation>
    </message>
    <message>
        <source>A - high</source>
        <translation>A - 高</translation>
    </message>
    <message>
        <source>B - medium</source>
        <translation>B - 中</translation>
    </message>
    <message>
        <source>C - low</source>
        <translation>C - 低</translation>
    </message>
    <message>
        <source>Potential</source>
        <translation>潜在</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>成交</translation>
    </message>
    <message>
        <source>Dormant</source>
        <translation>沉睡</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>输单</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>拜访</translation>
    </message>
    <message>
        <source>Churned</source>
        <translation>流失</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>邮件</translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <source>Meeting</source>
        <translation>会议</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Intent</source>
        <translation>意向</translation>
    </message>
    <message>
        <source>Negotiation</source>
        <translation>谈判</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>赢单</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Partly shipped</source>
        <translation>部分发货</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>已发货</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>入库</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>出库</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>调拨</translation>
    </message>
    <message>
        <source>Transfer out</source>
        <translation>调出</translation>
    </message>
    <message>
        <source>Transfer in</source>
        <translation>调入</translation>
    </message>
    <message>
        <source>Adjustment</source>
        <translation>调整</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>已下单</translation>
    </message>
    <message>
        <source>Partly received</source>
        <translation>部分到货</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已到货</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>已开票</translation>
    </message>
    <message>
        <source>Partly paid</source>
        <translation>部分收款</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已收款</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>Bank transfer</source>
        <translation>银行转账</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>刷卡</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Waiting for customer</source>
        <translation>等待客户</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>咨询</translation>
    </message>
    <message>
        <source>Fault</source>
        <translation>故障</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>Suggestion</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Advertising</source>
        <translation>广告</translation>
    </message>
    <message>
        <source>Social media</source>
        <translation>社交媒体</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>计划中</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Invited</source>
        <translation>已邀请</translation>
    </message>
    <message>
        <source>Responded</source>
        <translation>已响应</translation>
    </message>
    <message>
        <source>Converted</source>
        <translation>已转化</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>经理</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未解决</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
</context>
<context>
    <name>Deliveries</name>
    <message>
        <source>{label}: give the number of an order you can see, e.g. SO000123.</source>
        <translation>{label}：请填写您可查看的订单号，如 SO000123。</translation>
    </message>
    <message>
        <source>{label} is required: a delivery note ships an order.</source>
        <translation>{label}为必填项：发货单必须对应一个订单。</translation>
    </message>
    <message>
        <source>{label}: the note is no longer planned, so where it shipped from cannot change.</source>
        <translation>{label}：发货单已不在计划状态，发货仓库不能再修改。</translation>
    </message>
    <message>
        <source>{label}: choose an active warehouse.</source>
        <translation>{label}：请选择一个启用中的仓库。</translation>
    </message>
    <message>
        <source>Order {order} is a draft: confirm it before it ships.</source>
        <translation>订单 {order} 还是草稿：请先确认再发货。</translation>
    </message>
    <message>
        <source>Order {order} is {status}: only confirmed or partly shipped orders ship.</source>
        <translation>订单 {order} 的状态为“{status}”：只有已确认或部分发货的订单可以发货。</translation>
    </message>
    <message>
        <source>Nothing is left to ship on order {order}: every line has shipped or is on a planned delivery note.</source>
        <translation>订单 {order} 已无待发货内容：所有明细都已发货或已在计划中的发货单上。</translation>
    </message>
    <message>
        <source>{record} is {status} and cannot be planned again: make a new delivery note from the order.</source>
        <translation>{record} 的状态为“{status}”，不能再改回计划：请从订单新建发货单。</translation>
    </message>
    <message>
        <source>{record} is {status}: it stays as history and cannot be deleted.</source>
        <translation>{record} 的状态为“{status}”：作为历史记录保留，不能删除。</translation>
    </message>
    <message>
        <source>{label}: not a line of this order.</source>
        <translation>{label}：不是此订单的明细。</translation>
    </message>
    <message>
        <source>{label} ({product}): ship between 0 and {most} (ordered {ordered}, shipped {shipped}, on other notes {planned}).</source>
        <translation>{label}（{product}）：发货数量应在 0 到 {most} 之间（订购 {ordered}，已发 {shipped}，其他发货单 {planned}）。</translation>
    </message>
    <message>
        <source>A delivery note ships at least one unit: give a quantity above 0, or cancel the note.</source>
        <translation>发货单至少要发一件：请填写大于 0 的数量，或取消此发货单。</translation>
    </message>
    <message>
        <source>{record} is {status}: only a planned delivery note can change or ship. Returned goods come back with a stock receipt.</source>
        <translation>{record} 的状态为“{status}”：只有计划中的发货单可以修改或发货。退货请做入库。</translation>
    </message>
    <message>
        <source>{product}: {record} ships {quantity} but only {left} are left to ship on order {order} (another note shipped meanwhile): lower the quantity.</source>
        <translation>{product}：{record} 要发 {quantity} 件，但订单 {order} 只剩 {left} 件待发（其间另一张发货单已发货）：请减少数量。</translation>
    </message>
</context>
<context>
    <name>Diary</name>
    <message>
        <source>Diary</source>
        <translation>日记</translation>
    </message>
    <message>
        <source>Memo</source>
        <translation>备忘</translation>
    </message>
    <message>
        <source>Date</source>
        <extracomment>characters of the text a title is made of when none is given</extracomment>
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
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Note {id} does not exist, was deleted, or is not yours: a diary is private to its author.</source>
        <extracomment>``name · code`` of the linked customer ("" when none or not visible)</extracomment>
        <translation>笔记 {id} 不存在、已删除或不属于您：日记只有作者本人可见。</translation>
    </message>
    <message>
        <source>{label} is not a date: write YYYY-MM-DD, e.g. 2026-12-05.</source>
        <translation>{label}不是日期：请按 YYYY-MM-DD 填写，如 2026-12-05。</translation>
    </message>
    <message>
        <source>{label} must be diary or memo.</source>
        <translation>{label}只能是日记或备忘。</translation>
    </message>
    <message>
        <source>{label}: write a title or some text for the note.</source>
        <translation>{label}：请填写标题或内容。</translation>
    </message>
    <message>
        <source>{label}: at most {n} characters.</source>
        <translation>{label}：最多 {n} 个字符。</translation>
    </message>
    <message>
        <source>{label}: customer {id} does not exist or is not yours to see; choose one of your customers, or none.</source>
        <translation>{label}：客户 {id} 不存在或您无权查看；请选择您自己的客户，或不关联客户。</translation>
    </message>
    <message>
        <source>Note {id} was changed elsewhere since you opened it: open it again.</source>
        <translation>笔记 {id} 在您打开后已在别处修改：请重新打开。</translation>
    </message>
    <message>
        <source>Customer {code} does not exist or is not yours to see: check the code (crmdesk search FILE WORDS finds it).</source>
        <translation>客户 {code} 不存在或您无权查看：请检查编号（可用 crmdesk search FILE 关键词 查找）。</translation>
    </message>
</context>
<context>
    <name>Entity</name>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Interaction</source>
        <translation>跟进记录</translation>
    </message>
    <message>
        <source>Opportunity</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>服务工单</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>营销活动</translation>
    </message>
    <message>
        <source>Delivery note</source>
        <translation>发货单</translation>
    </message>
    <message>
        <source>Quote</source>
        <translation>报价单</translation>
    </message>
    <message>
        <source>Invoice</source>
        <translation>发票</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>收款</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>供应商</translation>
    </message>
    <message>
        <source>Purchase order</source>
        <translation>采购单</translation>
    </message>
    <message>
        <source>Warehouse</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>Stock level</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Stock movement</source>
        <translation>库存流水</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation>附件</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>{count} fields are not valid. {details}</source>
        <translation>有 {count} 个字段无效。{details}</translation>
    </message>
    <message>
        <source>You may not {action}: only {roles} may. Ask an administrator if you need this.</source>
        <extracomment>how list queries reach this actor's records (see :func:`for_lists`); a plan choice only: both forms of :func:`child_scope` select the same rows on a server, the ids of the few customers the actor sees, read by :func:`for_lists` for the one query it plans (never kept beyond it): passed to that query as one array planned for its value, so PostgreSQL knows how many there are and checks each row with a hash False when another condition of a list query leads (a quick filter's few matches, listed by id): the owner and customer columns of the scope are then compared through an expression, so SQLite starts from that condition. Without statistics it takes ``owner_id = ?`` for a few rows and read a 5 % staff member's 500,000 customers at 10M to keep 5,800 matches (35-100 ms; 0.6 ms from the matches)</extracomment>
        <translation>您无权{action}：只有{roles}可以。如确有需要，请联系管理员。</translation>
    </message>
    <message>
        <source>User {id} does not exist.</source>
        <extracomment>an account's state, worked out once (the first that applies wins) ACTIVE, DISABLED, FROZEN or LOCKED since when frozen, or until when locked (None otherwise)</extracomment>
        <translation>用户 {id} 不存在。</translation>
    </message>
    <message>
        <source>This database already has users: log in as an administrator to add more.</source>
        <translation>此数据库已有用户：请以管理员身份登录后再添加。</translation>
    </message>
    <message>
        <source>Wrong user name or password. Check both and try again.</source>
        <translation>用户名或密码错误。请检查后重试。</translation>
    </message>
    <message>
        <source>The account {user} is disabled. Ask an administrator to enable it.</source>
        <translation>账户 {user} 已停用。请联系管理员启用。</translation>
    </message>
    <message>
        <source>The account {user} is locked after too many wrong passwords, until {until}. Try again then, or ask an administrator to unlock it.</source>
        <translation>账户 {user} 因密码错误次数过多已被锁定，解锁时间为 {until}。请届时再试，或联系管理员解锁。</translation>
    </message>
    <message>
        <source>Wrong password {n} times in a row: the account {user} is locked until {until}. Try again then, or ask an administrator to unlock it.</source>
        <translation>连续 {n} 次密码错误：账户 {user} 已锁定至 {until}。请届时再试，或联系管理员解锁。</translation>
    </message>
    <message>
        <source>Wrong user name or password. {left} more wrong attempts will lock the account for {minutes} minutes.</source>
        <translation>用户名或密码错误。再错 {left} 次，账户将被锁定 {minutes} 分钟。</translation>
    </message>
    <message>
        <source>The key of account {user} is damaged. Ask an administrator to reset the password.</source>
        <translation>账户 {user} 的密钥已损坏。请联系管理员重置密码。</translation>
    </message>
    <message>
        <source>An administrator reset the password of {user}: choose your own password before anything else. {how}</source>
        <translation>管理员重置了 {user} 的密码：请先设置您自己的密码，然后再做其他操作。{how}</translation>
    </message>
    <message>
        <source>The account {user} was frozen on {at} because too many customers were opened, listed or exported in a short time. Only an administrator can unfreeze it.</source>
        <translation>账户 {user} 已于 {at} 被冻结：短时间内打开、列出或导出的客户太多。只有管理员可以解冻。</translation>
    </message>
    <message>
        <source>This needs the database key: log in with a password first.</source>
        <translation>此操作需要数据库密钥：请先用密码登录。</translation>
    </message>
    <message>
        <source>There is no user named {name}.</source>
        <translation>没有名为 {name} 的用户。</translation>
    </message>
    <message>
        <source>{user} is the last active administrator: make another user an administrator first.</source>
        <translation>{user} 是最后一个在用的管理员：请先把另一个用户设为管理员。</translation>
    </message>
    <message>
        <source>You cannot disable your own account.</source>
        <translation>不能停用自己的账户。</translation>
    </message>
    <message>
        <source>Team {id} does not exist.</source>
        <translation>团队 {id} 不存在。</translation>
    </message>
    <message>
        <source>There is no team named {name}.</source>
        <translation>没有名为 {name} 的团队。</translation>
    </message>
    <message>
        <source>Refused: this would make {n} customers opened, listed or exported within {minutes} minutes (limit {limit}). You are the last active administrator, so your account is not frozen; nothing was shown. Wait {minutes} minutes, read fewer customers, or raise the limit in the settings (security.scrape_limit_admin).</source>
        <translation>已拒绝：这样 {minutes} 分钟内打开、列出或导出的客户将达 {n} 个（上限 {limit}）。您是最后一位在用管理员，因此账户不会被冻结；本次未显示任何内容。请等待 {minutes} 分钟、减少查看的客户数，或在设置中提高上限（security.scrape_limit_admin）。</translation>
    </message>
    <message>
        <source>Your account has been frozen: more than {limit} customers were opened, listed or exported within {minutes} minutes, and nothing of this last request was shown. This protects the customer base. Ask an administrator to unfreeze your account.</source>
        <translation>您的账户已被冻结：{minutes} 分钟内打开、列出或导出的客户超过 {limit} 个，本次请求的内容未显示。这是为了保护客户资料。请联系管理员解冻。</translation>
    </message>
    <message>
        <source>Your account is frozen. Ask an administrator to unfreeze it.</source>
        <translation>您的账户已被冻结。请联系管理员解冻。</translation>
    </message>
    <message>
        <source>Your account is disabled. Ask an administrator to enable it.</source>
        <translation>您的账户已停用。请联系管理员启用。</translation>
    </message>
    <message>
        <source>Custom fields are not available for {e}.</source>
        <translation>{e} 不支持自定义字段。</translation>
    </message>
    <message>
        <source>Custom field {id} does not exist.</source>
        <translation>自定义字段 {id} 不存在。</translation>
    </message>
    <message>
        <source>{entity} {id} does not exist, was deleted, or is not yours to see.</source>
        <extracomment>the field kinds that refer to other records (see RecordService.check_references) columns searched by the quick filter when the entity is not in the search index in the search index (quick filter uses it) user columns that make a record visible to that user (and a manager's team) besides its customer: its owner, assignee ... (:func:`permissions.child_scope`) (field, role-permission) - changing this field needs the permission user fields a new record gives to the actor when left empty date fields that are due dates: overdue once passed while the record is open
----------
what a movement row holds (a transfer is two rows sharing one number) the warehouse made when stock is first needed and none exists</extracomment>
        <translation>{entity} {id} 不存在、已删除，或您无权查看。</translation>
    </message>
    <message>
        <source>Someone else saved this record after you opened it. Reload it and make your change again.</source>
        <translation>您打开后，其他人已保存了此记录。请重新加载后再修改一次。</translation>
    </message>
    <message>
        <source>Someone else saved this {entity} after you opened it. Compare both versions and save again.</source>
        <extracomment>the columns that decide whose key a record's sensitive custom values are under</extracomment>
        <translation>在您打开之后，有人保存了这条{entity}。请对比两个版本后重新保存。</translation>
    </message>
    <message>
        <source>Sensitive fields need the database key: log in with your password.</source>
        <translation>敏感字段需要数据库密钥：请用您的密码登录。</translation>
    </message>
    <message>
        <source>(damaged: changed outside crmdesk)</source>
        <extracomment>what a form shows in place of a value that does not decrypt where it is</extracomment>
        <translation>（已损坏：在 crmdesk 之外被改动）</translation>
    </message>
    <message>
        <source>You do not hold the key of this sensitive value: it belongs to customers you may not see. If it should be yours, ask an administrator to log in once (that hands new keys on) or to check your team.</source>
        <translation>您没有这项敏感信息的密钥：它属于您无权查看的客户。如果它应归您，请让管理员登录一次（登录时会分发新密钥），或检查您所在的团队。</translation>
    </message>
    <message>
        <source>A sensitive value could not be decrypted: it was changed, or moved from another record, outside crmdesk. Restore the file from a backup.</source>
        <translation>有一项敏感信息无法解密：它在 crmdesk 之外被改动过，或是从另一条记录搬过来的。请从备份恢复文件。</translation>
    </message>
    <message>
        <source>There is no database setting {key}.</source>
        <translation>没有数据库设置项 {key}。</translation>
    </message>
    <message>
        <source>{name}: {value} is not a valid value (expected {kind} between {minimum} and {maximum}).</source>
        <translation>{name}：{value} 不是有效值（应为 {minimum} 到 {maximum} 之间的 {kind}）。</translation>
    </message>
    <message>
        <source>This file is open read-only: it is in use elsewhere. Close the other window to make changes.</source>
        <extracomment>connections opened beside the engine's pool (a server's listening connection, detached from the pool): closed with the database, so none outlives it why the file is known to be damaged (``PRAGMA quick_check``, or a damaged page met while working); from then on nothing is written to it (:meth:`mark_damaged`)</extracomment>
        <translation>此文件以只读方式打开：它正在别处使用。请关闭另一个窗口后再修改。</translation>
    </message>
    <message>
        <source>{name} is not a crmdesk database. Choose a .crmdb file made by crmdesk.</source>
        <extracomment>how many of ``PRAGMA quick_check``'s lines a damage message quotes</extracomment>
        <translation>{name} 不是 crmdesk 数据库。请选择由 crmdesk 创建的 .crmdb 文件。</translation>
    </message>
    <message>
        <source>{name} is damaged ({reason}). Restore it from a backup (File &gt; Backup &gt; Restore).</source>
        <translation>{name} 已损坏（{reason}）。请从备份恢复（文件 &gt; 备份 &gt; 恢复）。</translation>
    </message>
    <message>
        <source>{name} was written by a newer version of crmdesk (schema {revision}). Install the latest crmdesk to open it.</source>
        <translation>{name} 由更新版本的 crmdesk 创建（结构版本 {revision}）。请安装最新的 crmdesk 后再打开。</translation>
    </message>
    <message>
        <source>{path} does not exist. Check the name or create a new database with File &gt; New.</source>
        <translation>{path} 不存在。请检查文件名，或通过“文件 &gt; 新建”创建新数据库。</translation>
    </message>
    <message>
        <source>{path} cannot be read: {reason}.</source>
        <translation>无法读取 {path}：{reason}。</translation>
    </message>
    <message>
        <source>bad page size</source>
        <translation>页面大小异常</translation>
    </message>
    <message>
        <source>the file is truncated</source>
        <translation>文件不完整，被截断了</translation>
    </message>
    <message>
        <source>no schema version</source>
        <translation>缺少结构版本信息</translation>
    </message>
    <message>
        <source>table {table} is missing</source>
        <translation>缺少数据表 {table}</translation>
    </message>
    <message>
        <source>column {column} of table {table} is missing</source>
        <translation>数据表 {table} 缺少列 {column}</translation>
    </message>
    <message>
        <source>{path} already exists. Choose another name, or open the existing file.</source>
        <extracomment>``session.info`` key: True in *setup*'s session when :func:`create_database` sets up an unfinished server database anew in place (a failure leaves it unfinished, not empty)</extracomment>
        <translation>{path} 已存在。请换一个名称，或打开现有文件。</translation>
    </message>
    <message>
        <source>The database at {url} already holds a crmdesk schema. Open it instead of creating it.</source>
        <translation>{url} 的数据库中已有 crmdesk 数据。请直接打开，无需新建。</translation>
    </message>
    <message>
        <source>{name} must be upgraded before it can be opened read-only. Open it normally first.</source>
        <translation>{name} 需要先升级才能以只读方式打开。请先正常打开一次。</translation>
    </message>
    <message>
        <source>{name} uses an older schema ({revision}).</source>
        <translation>{name} 使用的是旧版数据结构（{revision}）。</translation>
    </message>
    <message>
        <source>{name} holds no crmdesk database. Create one with: crmdesk init URL --admin NAME</source>
        <translation>{name} 中没有 crmdesk 数据库。请用以下命令创建：crmdesk init URL --admin 用户名</translation>
    </message>
    <message>
        <source>{name} holds an unfinished crmdesk setup (its tables, but no users, customers or history): nobody can log in to it. Set it up with: crmdesk init URL --admin NAME, or in the window with File &gt; Connect to server.</source>
        <translation>{name} 中有一个未完成的 crmdesk 设置（只有表，没有用户、客户和操作记录），谁都无法登录。请用以下命令完成设置：crmdesk init URL --admin 用户名，或在窗口中使用“文件 &gt; 连接服务器”。</translation>
    </message>
    <message>
        <source>Choose two different customers to merge: a customer cannot be merged into itself.</source>
        <translation>请选择两个不同的客户进行合并：客户不能与自身合并。</translation>
    </message>
    <message>
        <source>The value of {field} must come from one of the two customers being merged.</source>
        <translation>{field}的值必须取自正在合并的两个客户之一。</translation>
    </message>
    <message>
        <source>Choose at least one customer to merge into the one that stays.</source>
        <extracomment>customers named per query by :func:`candidates` ids of the merges, in the order they were made (undo with :func:`undo_merges`)</extracomment>
        <translation>请至少选择一位要合并到保留客户中的客户。</translation>
    </message>
    <message>
        <source>The value of {field} must come from one of the customers being merged.</source>
        <translation>{field} 的取值必须来自参与合并的客户之一。</translation>
    </message>
    <message>
        <source>Merge {id} does not exist.</source>
        <translation>合并记录 {id} 不存在。</translation>
    </message>
    <message>
        <source>Merge {id} was undone already.</source>
        <translation>合并 {id} 已经撤销过了。</translation>
    </message>
    <message>
        <source>Restore customer {code} from the recycle bin first: the merge into it can only be undone while it exists.</source>
        <translation>请先从回收站恢复客户 {code}：只有该客户存在时，才能撤销合并到它的操作。</translation>
    </message>
    <message>
        <source>Campaign {record} is completed or cancelled: customers can join only a planned or running campaign.</source>
        <translation>活动 {record} 已完成或已取消：客户只能加入计划中或进行中的活动。</translation>
    </message>
    <message>
        <source>You do not hold the keys of both owners: ask an administrator to give these customers to {name}.</source>
        <translation>您没有两位负责人的密钥：请让管理员把这些客户转给 {name}。</translation>
    </message>
    <message>
        <source>There is no pipeline stage {key}; the stages are: {keys}.</source>
        <translation>没有销售阶段 {key}；现有阶段：{keys}。</translation>
    </message>
    <message>
        <source>{name} is larger than the limit for attachments ({limit} MB). An administrator can raise the limit (setting attachments.max_mb).</source>
        <extracomment>what a file's first bytes say it is, before its name's extension is asked</extracomment>
        <translation>{name} 超过附件大小上限（{limit} MB）。管理员可以提高上限（设置项 attachments.max_mb）。</translation>
    </message>
    <message>
        <source>{name} is {size} MB, larger than the limit for attachments ({limit} MB). An administrator can raise the limit (setting attachments.max_mb).</source>
        <translation>{name} 大小为 {size} MB，超过附件大小上限（{limit} MB）。管理员可以提高上限（设置项 attachments.max_mb）。</translation>
    </message>
    <message>
        <source>{entity} records take no attachments.</source>
        <translation>{entity} 记录不能添加附件。</translation>
    </message>
    <message>
        <source>Attachment {id} does not exist, was deleted, or is not yours to see.</source>
        <translation>附件 {id} 不存在、已删除，或您无权查看。</translation>
    </message>
    <message>
        <source>{path} is a folder: choose a file.</source>
        <translation>{path} 是文件夹：请选择一个文件。</translation>
    </message>
    <message>
        <source>Cannot read {path}: {reason}.</source>
        <translation>无法读取 {path}：{reason}。</translation>
    </message>
    <message>
        <source>The attachment {file} is damaged: its content no longer matches what was stored. Restore it from a backup.</source>
        <translation>附件 {file} 已损坏：内容与保存时不一致。请从备份中恢复。</translation>
    </message>
    <message>
        <source>Cannot write {path}: {reason}.</source>
        <translation>无法写入 {path}：{reason}。</translation>
    </message>
    <message>
        <source>There is no record type {entity}; choose one of {entities}.</source>
        <translation>没有记录类型 {entity}，请从以下选择：{entities}。</translation>
    </message>
    <message>
        <source>Only a manager or an administrator of a team may share a view with the team; keep it private, or ask your manager to share one.</source>
        <translation>只有小组的经理或管理员可以把视图共享给小组；请保留为个人视图，或请经理共享。</translation>
    </message>
    <message>
        <source>The view {name} is shared with you by its owner: only they may change it. Save a copy under a name of your own.</source>
        <translation>视图“{name}”是他人共享给您的，只有创建者可以修改。请用您自己的名称另存一份。</translation>
    </message>
    <message>
        <source>There is no ticket status {status}; the statuses are: {names}.</source>
        <translation>没有工单状态“{status}”；现有状态：{names}。</translation>
    </message>
    <message>
        <source>Follow-up cadence of intent level {level}: {value} is not valid; enter whole days from 1 to 365, e.g. 7.</source>
        <extracomment>when a follow-up task is due on its day (local time), as the quick log always did</extracomment>
        <translation>{level} 级意向客户的跟进周期：{value} 无效；请输入 1 到 365 之间的整数天数，如 7。</translation>
    </message>
    <message>
        <source>Follow-up cadence of status {status}: {value} is not valid; enter whole days from 1 to 365, or 0 to follow the intent level.</source>
        <translation>状态 {status} 的跟进周期：{value} 无效；请输入 1 到 365 之间的整数天数，或输入 0 表示按意向等级。</translation>
    </message>
    <message>
        <source>{name} is neither an intent level ({levels}) nor a customer status ({statuses}).</source>
        <translation>{name} 既不是意向等级（{levels}），也不是客户状态（{statuses}）。</translation>
    </message>
    <message>
        <source>There is no record type {key}: crmdesk types FILE lists them.</source>
        <translation>没有记录类型 {key}：可用 crmdesk types FILE 查看。</translation>
    </message>
    <message>
        <source>Record type {type} has no field {key}.</source>
        <translation>记录类型 {type} 没有字段 {key}。</translation>
    </message>
    <message>
        <source>There is no template {name}: choose one of {names}, or give the path of a template file.</source>
        <translation>没有模板 {name}：请从 {names} 中选择，或给出模板文件的路径。</translation>
    </message>
    <message>
        <source>Cannot read {file}: {error}</source>
        <translation>无法读取 {file}：{error}</translation>
    </message>
    <message>
        <source>{file} is not JSON: {error}.</source>
        <translation>{file} 不是 JSON 文件：{error}。</translation>
    </message>
    <message>
        <source>Only an administrator of the source database may copy it. Log in with --user as an administrator.</source>
        <extracomment>rows read and written at a time table -&gt; rows copied (the same number on both sides: checked) audit entries verified on the target the target held an unfinished setup, set up anew by the copy</extracomment>
        <translation>只有源数据库的管理员才能复制它。请用 --user 以管理员身份登录。</translation>
    </message>
    <message>
        <source>Someone imported these bank lines at the same moment: import the statement again (lines already there are skipped).</source>
        <translation>有人同时导入了这些银行流水：请重新导入对账单（已有的行会跳过）。</translation>
    </message>
    <message>
        <source>There is no bank line {id}: list them with crmdesk bank lines FILE.</source>
        <translation>没有编号为 {id} 的银行流水：用 crmdesk bank lines FILE 列出。</translation>
    </message>
    <message>
        <source>Bank line {id} is booked already (payment {number}).</source>
        <translation>银行流水 {id} 已入账（收款 {number}）。</translation>
    </message>
    <message>
        <source>Bank line {id} is money paid out, not received: only incoming lines become customer payments.</source>
        <translation>银行流水 {id} 是支出，不是收入：只有收入的流水才能记为客户收款。</translation>
    </message>
    <message>
        <source>Bank line {id} was booked by someone else just now.</source>
        <translation>银行流水 {id} 刚刚被其他人入账了。</translation>
    </message>
    <message>
        <source>An invoice is issued from an order's delivered lines: use Issue invoice on the order, or crmdesk invoice issue FILE ORDER.</source>
        <extracomment>an invoice in these states still waits for money ``crmdesk add invoice`` says what to do instead before looking at the fields</extracomment>
        <translation>发票根据订单已发货的明细开具：请在订单上点“开具发票”，或用 crmdesk invoice issue 文件 订单号。</translation>
    </message>
    <message>
        <source>Invoice {number} is never deleted: void it instead (Void on the invoice, or crmdesk invoice void FILE {number} --reason TEXT).</source>
        <translation>发票 {number} 不能删除，只能作废（在发票上点“作废”，或用 crmdesk invoice void 文件 {number} --reason 原因）。</translation>
    </message>
    <message>
        <source>Order {number} is cancelled: nothing on it can be invoiced.</source>
        <translation>订单 {number} 已取消，不能开票。</translation>
    </message>
    <message>
        <source>Order {number} has nothing delivered that is not invoiced yet: ship it first (a delivery note), then issue the invoice.</source>
        <translation>订单 {number} 没有已发货未开票的内容：请先发货（开送货单），再开发票。</translation>
    </message>
    <message>
        <source>{label} {due} is before the invoice date {date}: choose a later day.</source>
        <translation>{label} {due} 早于开票日期 {date}：请选择更晚的日期。</translation>
    </message>
    <message>
        <source>Order {number} was invoiced by someone else just now: open it again and see what is left to invoice.</source>
        <translation>订单 {number} 刚被别人开了票：请重新打开，查看还剩哪些可开票。</translation>
    </message>
    <message>
        <source>Invoice {number} is void already.</source>
        <translation>发票 {number} 已作废。</translation>
    </message>
    <message>
        <source>Say why invoice {number} is voided (a reason is kept with it).</source>
        <translation>请说明作废发票 {number} 的原因（原因会随发票保存）。</translation>
    </message>
    <message>
        <source>{name} has invoices or payments, which are kept for the books: the customer cannot be purged. Leave them in the recycle bin instead.</source>
        <translation>{name} 有发票或收款记录，需留存备查：该客户不能彻底删除，请留在回收站中。</translation>
    </message>
    <message>
        <source>line {line}: {problem}</source>
        <translation>第 {line} 行：{problem}</translation>
    </message>
    <message>
        <source>no customer {customer} that you can see (use the customer's code, or a name only one customer has)</source>
        <translation>找不到您可见的客户 {customer}（请填写客户编号，或只有一个客户使用的名称）</translation>
    </message>
    <message>
        <source>the amount must be more than 0 (record a customer's credit as a payment)</source>
        <translation>金额必须大于 0（客户的预收款请记为收款）</translation>
    </message>
    <message>
        <source>the due date {due} is before the date {date}</source>
        <translation>到期日 {due} 早于日期 {date}</translation>
    </message>
    <message>
        <source>No opening balances were imported: {problems}{more}. Correct the file and import it again.</source>
        <translation>期初余额未导入：{problems}{more}。请修改文件后重新导入。</translation>
    </message>
    <message>
        <source>Invoice {number} is another customer's: a payment pays only its own customer's invoices.</source>
        <translation>发票 {number} 属于其他客户：收款只能核销本客户的发票。</translation>
    </message>
    <message>
        <source>Invoice {number} is {status}: it takes no payment.</source>
        <translation>发票 {number} 状态为{status}，不能再收款。</translation>
    </message>
    <message>
        <source>Supplier {supplier} has open purchase orders ({number} ...): receive or cancel them first, or untick Active to stop using the supplier.</source>
        <translation>供应商 {supplier} 还有未完成的采购单（{number} 等）：请先收货或取消这些采购单，或取消勾选“启用”以停用该供应商。</translation>
    </message>
    <message>
        <source>Supplier {supplier} has purchase orders, which keep its name: it can go to the recycle bin but not be purged.</source>
        <translation>供应商 {supplier} 有采购单引用它：可以移入回收站，但不能彻底删除。</translation>
    </message>
    <message>
        <source>{record} is {status}: it no longer changes (only its notes and buyer). Make a new purchase order instead.</source>
        <translation>{record} 状态为{status}，不能再修改（只能改备注和采购员）。请新建一张采购单。</translation>
    </message>
    <message>
        <source>{record} has receipts in the stock ledger: it cannot be deleted. Lower its open lines to what was received to close it.</source>
        <translation>{record} 已有入库记录，不能删除。如要结束，请把未到货明细的数量改为已到货数量。</translation>
    </message>
    <message>
        <source>{record} is {status}: its lines no longer change. Make a new purchase order instead.</source>
        <translation>{record} 状态为{status}，明细不能再修改。请新建一张采购单。</translation>
    </message>
    <message>
        <source>{record} is {status}, not a draft: it was ordered already.</source>
        <translation>{record} 状态为{status}，不是草稿：已经下过单了。</translation>
    </message>
    <message>
        <source>{record} has no lines: add what to order first.</source>
        <translation>{record} 没有明细：请先添加要采购的商品。</translation>
    </message>
    <message>
        <source>{record} is cancelled already.</source>
        <translation>{record} 已经取消。</translation>
    </message>
    <message>
        <source>{record} cannot be cancelled: goods were received on it and are in stock. To stop waiting for the rest, lower its open lines to what was received (Edit lines); to send goods back, post an issue movement from the warehouse.</source>
        <translation>{record} 不能取消：已有货物收货入库。如不再等待剩余货物，请把未到货明细的数量改为已到货数量（修改明细）；如要退货，请从仓库做一笔出库。</translation>
    </message>
    <message>
        <source>Receiving goods needs the right to manage purchasing and stock: ask a manager or an administrator.</source>
        <translation>收货需要采购管理和库存管理权限：请联系经理或管理员。</translation>
    </message>
    <message>
        <source>{record} is still a draft: mark it as ordered first, then receive the goods.</source>
        <translation>{record} 还是草稿：请先标记为已下单，再收货。</translation>
    </message>
    <message>
        <source>{record} is {status}: nothing is left to receive.</source>
        <translation>{record} 状态为{status}：没有待收的货物。</translation>
    </message>
    <message>
        <source>Line {line} is not a line of {record}: reload the order.</source>
        <translation>第 {line} 行不属于 {record}：请重新打开采购单。</translation>
    </message>
    <message>
        <source>Nothing to receive: enter the quantity that came in on at least one line.</source>
        <translation>没有要收货的数量：请至少在一行填写本次到货数量。</translation>
    </message>
    <message>
        <source>Someone else received goods on {record} meanwhile: reload it and enter what is still open.</source>
        <translation>其他人刚刚对 {record} 做了收货：请重新打开，按剩余未到数量填写。</translation>
    </message>
    <message>
        <source>Quote {number} is {status}: it no longer changes. Copy its lines into a new quote instead.</source>
        <translation>报价单 {number} 状态为{status}，不能再修改。请把明细复制到新的报价单。</translation>
    </message>
    <message>
        <source>Quote {number} is already order {order}: open that order.</source>
        <translation>报价单 {number} 已生成订单 {order}：请打开该订单。</translation>
    </message>
    <message>
        <source>Quote {number} was valid until {date}: set a later Valid until (after checking the prices with the customer) and try again.</source>
        <translation>报价单 {number} 的有效期至 {date}：请先与客户确认价格，把“有效期至”改晚后再试。</translation>
    </message>
    <message>
        <source>Quote {number} has no lines: add what the customer orders first.</source>
        <translation>报价单 {number} 没有明细：请先添加客户要订购的内容。</translation>
    </message>
    <message>
        <source>{product} is not kept in stock (a service or a non-stock item): it cannot be received, issued, reserved or moved. Tick "Tracks stock" on the product if it should be.</source>
        <translation>{product} 不计库存（服务或非库存商品）：不能入库、出库、预留或调拨。如需计库存，请在产品上勾选“计库存”。</translation>
    </message>
    <message>
        <source>Quantity {quantity} is not valid: an adjustment is a whole number other than 0 (negative takes stock off).</source>
        <translation>数量 {quantity} 无效：调整数量须为非 0 的整数（负数表示减少库存）。</translation>
    </message>
    <message>
        <source>Quantity {quantity} is not valid: enter a whole number above 0.</source>
        <translation>数量 {quantity} 无效：请输入大于 0 的整数。</translation>
    </message>
    <message>
        <source>Not enough stock of {product} in {warehouse}: {asked} asked, {available} available ({on_hand} on hand, {reserved} reserved). Receive stock first, take it from another warehouse, or lower the quantity.</source>
        <translation>{warehouse} 中 {product} 库存不足：需要 {asked}，可用 {available}（现有 {on_hand}，已预留 {reserved}）。请先入库、从其他仓库调拨，或减少数量。</translation>
    </message>
    <message>
        <source>Movement kind {kind} is not known: use receipt, issue, transfer or adjustment.</source>
        <translation>未知的库存变动类型 {kind}：请使用入库、出库、调拨或调整。</translation>
    </message>
    <message>
        <source>A transfer needs a destination warehouse other than {warehouse}: choose where the stock goes.</source>
        <translation>调拨需要一个不同于 {warehouse} 的目标仓库：请选择调入仓库。</translation>
    </message>
    <message>
        <source>Unit cost {cost} is not valid: enter an amount of 0 or more.</source>
        <translation>单位成本 {cost} 无效：请输入 0 或以上的金额。</translation>
    </message>
    <message>
        <source>A stock level is not edited: stock changes through movements. Post a receipt, an issue, a transfer or an adjustment, or import a stocktake.</source>
        <translation>库存数量不能直接修改：库存只随流水变化。请登记入库、出库、调拨或调整，或导入盘点结果。</translation>
    </message>
    <message>
        <source>There is no warehouse {name}: write the warehouse's code (e.g. WH0001) or exact name.</source>
        <translation>没有仓库 {name}：请填写仓库编码（如 WH0001）或完整名称。</translation>
    </message>
    <message>
        <source>{warehouse} still holds stock of {count} products: transfer it to another warehouse first, or untick "Active" to stop using it.</source>
        <translation>{warehouse} 仍有 {count} 种产品的库存：请先调拨到其他仓库，或取消勾选“启用”停用该仓库。</translation>
    </message>
    <message>
        <source>{warehouse} has stock movements, which are kept for good: it can be deleted to the recycle bin or made inactive, not purged.</source>
        <translation>{warehouse} 有库存流水，流水须永久保留：只能删除到回收站或停用，不能彻底删除。</translation>
    </message>
    <message>
        <source>Location {id} is not a location of {warehouse}: choose one of its locations.</source>
        <translation>库位 {id} 不属于 {warehouse}：请选择该仓库的库位。</translation>
    </message>
    <message>
        <source>Stock movement {number} cannot be changed: the ledger is never edited. A correction is a new movement (an adjustment, or the opposite receipt or issue).</source>
        <translation>库存流水 {number} 不能修改：库存账不可更改。更正请新增一笔流水（调整，或相反的入库/出库）。</translation>
    </message>
    <message>
        <source>Stock movement {number} cannot be deleted: the ledger is never edited. A correction is a new movement (an adjustment, or the opposite receipt or issue).</source>
        <translation>库存流水 {number} 不能删除：库存账不可更改。更正请新增一笔流水（调整，或相反的入库/出库）。</translation>
    </message>
    <message>
        <source>The server is still saving a long change by someone else (an import or a restore). Try again in a few minutes.</source>
        <extracomment>``PRAGMA application_id`` of every .crmdb file ("CRMD"). PostgreSQL: the transaction-level advisory lock every write transaction holds (one writer at a time, like SQLite; see PostgresBackend.setup_engine) how long a write waits for the writer lock before it gives up with a message ``(doc_id, trigram_text, short_text, owner_id, kind, ref_id)``: one document of the full-text index (the kind and record are the document's own: PostgreSQL's short-token index holds them too, revision 0020) a document's kind in SQLite's short-token table: U+F8FF and each character of the kind in the private use area (``#contact`` on PostgreSQL), so a datasheet's quick filter counts its own kind's matches inside the index (revision 0020); never three characters starting at U+E000, as an owner's word is matches up to which a datasheet's quick filter starts from the search index (None: ``core.search.QUICK_PROBE``)</extracomment>
        <translation>服务器仍在保存其他人的一项大批量修改（导入或恢复）。请过几分钟再试。</translation>
    </message>
    <message>
        <source>Setting up the new database failed: {reason} Nothing was kept: no file was made.</source>
        <translation>新建数据库失败：{reason} 未保留任何内容：没有生成文件。</translation>
    </message>
    <message>
        <source>Setting up the new database failed: {reason} Nothing was kept: the database {database} on {host} was left as it was, and can be set up again.</source>
        <translation>新建数据库失败：{reason} 未保留任何内容：{host} 上的数据库 {database} 保持原样，可以重新设置。</translation>
    </message>
    <message>
        <source>Setting up the new database failed: {reason} Nothing was kept: the database {database} on {host} was left as it was (holding the unfinished setup it held before), and can be set up again.</source>
        <translation>新建数据库失败：{reason} 未保留任何内容：{host} 上的数据库 {database} 保持原样（仍是之前那个未完成的设置），可以重新设置。</translation>
    </message>
    <message>
        <source>Setting up the new database failed: {reason} Nothing was kept: the database {database} on {host} was left empty, and can be set up again.</source>
        <translation>新建数据库失败：{reason} 未保留任何内容：{host} 上的数据库 {database} 仍为空，可以重新设置。</translation>
    </message>
</context>
<context>
    <name>Exchange</name>
    <message>
        <source>There is no supplier {name}: write the supplier's code (e.g. SUP0001) or exact name.</source>
        <extracomment>what to write when a reference given as text matches nothing (import, command line, filters); ``{name}`` is the text</extracomment>
        <translation>没有供应商 {name}：请填写供应商编号（如 SUP0001）或完整名称。</translation>
    </message>
    <message>
        <source>There is no warehouse {name}: write the warehouse's code (e.g. WH0001) or exact name.</source>
        <translation>没有仓库 {name}：请填写仓库编号（如 WH0001）或完整名称。</translation>
    </message>
    <message>
        <source>Several records are called {name}: write the code instead.</source>
        <translation>有多条记录叫 {name}：请改填编号。</translation>
    </message>
</context>
<context>
    <name>Field</name>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Telephone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>Job title</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>网站</translation>
    </message>
    <message>
        <source>Province</source>
        <translation>省份</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>District</source>
        <translation>区县</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>详细地址</translation>
    </message>
    <message>
        <source>Postal code</source>
        <translation>邮编</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <source>Lead source</source>
        <translation>客户来源</translation>
    </message>
    <message>
        <source>Intent level</source>
        <translation>意向等级</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Bank</source>
        <translation>开户银行</translation>
    </message>
    <message>
        <source>Bank account</source>
        <translation>银行账号</translation>
    </message>
    <message>
        <source>Next follow-up</source>
        <translation>下次跟进</translation>
    </message>
    <message>
        <source>Credit limit</source>
        <translation>信用额度</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Primary contact</source>
        <translation>主联系人</translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation>日期时间</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Staff member</source>
        <translation>跟进人</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Expected close</source>
        <translation>预计成交日期</translation>
    </message>
    <message>
        <source>Reason lost</source>
        <translation>输单原因</translation>
    </message>
    <message>
        <source>Product code</source>
        <translation>产品编号</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>On sale</source>
        <translation>在售</translation>
    </message>
    <message>
        <source>Tracks stock</source>
        <translation>计库存</translation>
    </message>
    <message>
        <source>Average cost</source>
        <translation>平均成本</translation>
    </message>
    <message>
        <source>Low-stock level</source>
        <translation>库存下限</translation>
    </message>
    <message>
        <source>Stock keeper</source>
        <translation>库存负责人</translation>
    </message>
    <message>
        <source>VAT rate</source>
        <translation>增值税税率</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Person responsible</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Warehouse</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>现有数量</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>已预留</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>可用数量</translation>
    </message>
    <message>
        <source>Stock value</source>
        <translation>库存金额</translation>
    </message>
    <message>
        <source>Last moved</source>
        <translation>最近变动</translation>
    </message>
    <message>
        <source>Movement number</source>
        <translation>流水号</translation>
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
        <source>Other warehouse</source>
        <translation>对方仓库</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>参考号</translation>
    </message>
    <message>
        <source>Moved by</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Order date</source>
        <translation>下单日期</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Salesperson</source>
        <translation>销售员</translation>
    </message>
    <message>
        <source>Delivery date</source>
        <translation>交货日期</translation>
    </message>
    <message>
        <source>Sales channel</source>
        <translation>销售渠道</translation>
    </message>
    <message>
        <source>Delivery number</source>
        <translation>发货单号</translation>
    </message>
    <message>
        <source>Planned date</source>
        <translation>计划发货日期</translation>
    </message>
    <message>
        <source>Shipped on</source>
        <translation>发货日期</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>承运商</translation>
    </message>
    <message>
        <source>Tracking number</source>
        <translation>运单号</translation>
    </message>
    <message>
        <source>Delivery address</source>
        <translation>收货地址</translation>
    </message>
    <message>
        <source>Responsible</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Contact person</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Tax number</source>
        <translation>税号</translation>
    </message>
    <message>
        <source>Payment terms (days)</source>
        <translation>账期（天）</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>采购员</translation>
    </message>
    <message>
        <source>PO number</source>
        <translation>采购单号</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>供应商</translation>
    </message>
    <message>
        <source>Receiving warehouse</source>
        <translation>收货仓库</translation>
    </message>
    <message>
        <source>Expected date</source>
        <translation>预计到货日期</translation>
    </message>
    <message>
        <source>Ticket number</source>
        <translation>工单号</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>处理人</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期时间</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Remind at</source>
        <translation>提醒时间</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Quote number</source>
        <translation>报价单号</translation>
    </message>
    <message>
        <source>Quote date</source>
        <translation>报价日期</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Net amount</source>
        <translation>不含税金额</translation>
    </message>
    <message>
        <source>VAT</source>
        <translation>税额</translation>
    </message>
    <message>
        <source>Invoice number</source>
        <translation>发票号</translation>
    </message>
    <message>
        <source>Invoice date</source>
        <translation>开票日期</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已收款</translation>
    </message>
    <message>
        <source>Reason voided</source>
        <translation>作废原因</translation>
    </message>
    <message>
        <source>Payment number</source>
        <translation>收款单号</translation>
    </message>
    <message>
        <source>Received on</source>
        <translation>收款日期</translation>
    </message>
    <message>
        <source>Unallocated (credit)</source>
        <translation>未核销（余款）</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>收款方式</translation>
    </message>
    <message>
        <source>Start date</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>End date</source>
        <extracomment>customers may join a campaign that is planned or running (not one completed or cancelled) customer ids an "Added {n} members" audit entry lists at most (the first added)</extracomment>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Field key</source>
        <translation>字段标识</translation>
    </message>
    <message>
        <source>Field type</source>
        <translation>字段类型</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>Choices</source>
        <translation>可选项</translation>
    </message>
    <message>
        <source>Stage key</source>
        <translation>阶段代码</translation>
    </message>
    <message>
        <source>Name (English)</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <source>Name (Chinese)</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>赢单概率</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Move its opportunities to</source>
        <translation>其中商机移至</translation>
    </message>
    <message>
        <source>Line {n}</source>
        <translation>第 {n} 行</translation>
    </message>
    <message>
        <source>Status name</source>
        <translation>状态名称</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Resolved at</source>
        <extracomment>every operator a Filter may carry (see RecordService.filter_condition) operators as written on the command line, longest first kinds compared only for (in)equality: a user is not "greater" than another digits of the largest number a filter accepts (money in cents, ids) filterable columns that are not form fields: the record number and system timestamps</extracomment>
        <translation>解决时间</translation>
    </message>
    <message>
        <source>Closed at</source>
        <translation>关闭时间</translation>
    </message>
    <message>
        <source>Record number</source>
        <translation>记录编号</translation>
    </message>
    <message>
        <source>Status key</source>
        <translation>状态代码</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Move its tickets to</source>
        <translation>其工单转到</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>正文</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>文章</translation>
    </message>
    <message>
        <source>First response target</source>
        <translation>首次响应目标</translation>
    </message>
    <message>
        <source>Resolution target</source>
        <translation>解决目标</translation>
    </message>
    <message>
        <source>Working hours</source>
        <translation>工作时间</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Working week</source>
        <translation>工作周</translation>
    </message>
    <message>
        <source>Ticket type</source>
        <translation>工单类型</translation>
    </message>
    <message>
        <source>Customer level</source>
        <translation>客户等级</translation>
    </message>
    <message>
        <source>Assign to user</source>
        <translation>分派给用户</translation>
    </message>
    <message>
        <source>Assign to team</source>
        <translation>分派给团队</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Opportunity</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>库位</translation>
    </message>
</context>
<context>
    <name>Filters</name>
    <message>
        <source>{label} is stored encrypted: it cannot be used to filter, sort or list records.</source>
        <extracomment>record types whose records belong to a customer (``customer.FIELD`` filters)</extracomment>
        <translation>{label}已加密存储，不能用于筛选、排序或列表。</translation>
    </message>
    <message>
        <source>{entity} records have no field {label} to filter or sort by; choose from: {fields}.</source>
        <translation>{entity}没有可用于筛选或排序的字段 {label}；可选：{fields}。</translation>
    </message>
    <message>
        <source>{entity} records cannot be sorted by {label}; choose from: {fields}.</source>
        <translation>{entity}不能按 {label} 排序；可选：{fields}。</translation>
    </message>
    <message>
        <source>{entity} records have no column {label}; choose from: {fields}.</source>
        <translation>{entity}没有列 {label}；可选：{fields}。</translation>
    </message>
    <message>
        <source>{label} is sensitive: it is listed only in an export by an administrator who asks for it (--sensitive).</source>
        <translation>{label}属于敏感信息：只有管理员在导出时明确要求（--sensitive）才会列出。</translation>
    </message>
    <message>
        <source>Filter {label} is not valid: write FIELD=VALUE (or ~ != &gt; &gt;= &lt; &lt;=), e.g. city=北京市 or created_at&gt;=2026-01-01.</source>
        <translation>筛选条件 {label} 无效：请写成 字段=值（或 ~ != &gt; &gt;= &lt; &lt;=），例如 city=北京市 或 created_at&gt;=2026-01-01。</translation>
    </message>
    <message>
        <source>{label}: the value holds a NUL character, which no record holds; remove it.</source>
        <translation>{label}：值中含有空字符（NUL），没有记录会包含它；请删除后再试。</translation>
    </message>
    <message>
        <source>{label}: ~ (contains) works on text fields; use = instead.</source>
        <translation>{label}：~（包含）只适用于文本字段，请改用 =。</translation>
    </message>
    <message>
        <source>{label}: write the text to look for.</source>
        <translation>{label}：请填写要查找的文字。</translation>
    </message>
    <message>
        <source>{label} can only be compared with = or !=.</source>
        <translation>{label}只能用 = 或 != 比较。</translation>
    </message>
    <message>
        <source>{label}: {value} is not a valid value to filter by.</source>
        <translation>{label}：{value} 不能用作筛选值。</translation>
    </message>
    <message>
        <source>{label}: write a value to compare with.</source>
        <translation>{label}：请填写要比较的值。</translation>
    </message>
    <message>
        <source>{label}: {value} is not one of the choices; write one of: {choices}.</source>
        <translation>{label}：{value} 不是可选项，请写其中之一：{choices}。</translation>
    </message>
    <message>
        <source>{label}: {value} is not a date; write YYYY-MM-DD, e.g. 2026-01-01.</source>
        <translation>{label}：{value} 不是日期，请写成 YYYY-MM-DD，例如 2026-01-01。</translation>
    </message>
    <message>
        <source>{label}: {value} is not a date; write YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 2026-01-01 or 2026-01-01 14:30.</source>
        <translation>{label}：{value} 不是日期，请写成 YYYY-MM-DD 或 YYYY-MM-DD HH:MM，例如 2026-01-01 或 2026-01-01 14:30。</translation>
    </message>
    <message>
        <source>{label}: {value} is not a number this field can hold; write digits, e.g. 1000.50.</source>
        <translation>{label}：{value} 不是此字段可用的数字，请填写数字，例如 1000.50。</translation>
    </message>
    <message>
        <source>{label}: write yes or no (also true/false, 是/否, 1/0), not {value}.</source>
        <translation>{label}：请写 是 或 否（也可写 yes/no、true/false、1/0），而不是 {value}。</translation>
    </message>
    <message>
        <source>{label}: there is no stage {value}; write one of: {choices}.</source>
        <translation>{label}：没有阶段 {value}，请写其中之一：{choices}。</translation>
    </message>
    <message>
        <source>{label}: there is no status {value}; write one of: {choices}.</source>
        <translation>{label}：没有状态 {value}，请写其中之一：{choices}。</translation>
    </message>
    <message>
        <source>{label}: there is no user {value}; write a login name or a display name, e.g. {example}.</source>
        <translation>{label}：没有用户 {value}，请写登录名或显示名，例如 {example}。</translation>
    </message>
    <message>
        <source>{label}: there is no supplier {value}; write a supplier code or the exact name, e.g. SUP0001.</source>
        <translation>{label}：没有供应商 {value}；请填写供应商编号或完整名称，如 SUP0001。</translation>
    </message>
    <message>
        <source>{label}: there is no warehouse {value}; write a warehouse code or the exact name, e.g. WH0001.</source>
        <translation>{label}：没有仓库 {value}；请填写仓库编号或完整名称，如 WH0001。</translation>
    </message>
    <message>
        <source>{label}: there is no customer {value} that you can see; write a customer code or the exact name, e.g. C000001.</source>
        <translation>{label}：没有您可查看的客户 {value}，请写客户编号或完整名称，例如 C000001。</translation>
    </message>
    <message>
        <source>{label}: there is no product {value}; write a product code or the exact name.</source>
        <translation>{label}：没有产品 {value}，请写产品编号或完整名称。</translation>
    </message>
    <message>
        <source>{label}: there is no contact {value} that you can see; write the contact's exact name.</source>
        <translation>{label}：没有您可查看的联系人 {value}，请写联系人的完整姓名。</translation>
    </message>
</context>
<context>
    <name>Handover</name>
    <message>
        <source>From user</source>
        <extracomment>customers moved per batch (each batch: one reassign, one UPDATE per related table)</extracomment>
        <translation>移交人</translation>
    </message>
    <message>
        <source>To user</source>
        <translation>接收人</translation>
    </message>
    <message>
        <source>Handing over customers</source>
        <translation>正在移交客户</translation>
    </message>
    <message>
        <source>{label}: there is no user {name}; give a login name (crmdesk user list FILE shows them).</source>
        <translation>{label}：没有用户 {name}；请填写登录名（crmdesk user list FILE 可列出）。</translation>
    </message>
    <message>
        <source>{label}: {name} already owns these customers; choose another user.</source>
        <translation>{label}：这些客户已属于 {name}；请选择其他用户。</translation>
    </message>
    <message>
        <source>{label}: {name} is disabled; choose an active user, or enable {name} first.</source>
        <translation>{label}：{name} 已停用；请选择在用的用户，或先启用 {name}。</translation>
    </message>
    <message>
        <source>{name} is not in your team: a manager hands over customers within the team only. Ask an administrator.</source>
        <translation>{name} 不在您的团队：经理只能在本团队内移交客户。请联系管理员。</translation>
    </message>
</context>
<context>
    <name>Jobs</name>
    <message>
        <source>Cancelled: nothing was changed.</source>
        <translation>已取消：没有做任何更改。</translation>
    </message>
</context>
<context>
    <name>Keys</name>
    <message>
        <source>Re-encrypting sensitive values under new keys</source>
        <translation>正在用新密钥重新加密敏感信息</translation>
    </message>
</context>
<context>
    <name>MassUpdate</name>
    <message>
        <source>not found, deleted, or not yours to see</source>
        <translation>不存在、已删除或您无权查看</translation>
    </message>
    <message>
        <source>{label} cannot be set on many records at once; fields that can: {fields}.</source>
        <extracomment>records asked for (selected ids, or the rows of the query) already had the value reason -&gt; how many records it refused</extracomment>
        <translation>{label}不能批量修改；可批量修改的字段：{fields}。</translation>
    </message>
</context>
<context>
    <name>Migration</name>
    <message>
        <source>{target} already exists. Give the name of a new file: the copy goes into an empty database only.</source>
        <translation>{target} 已存在。请给出一个新文件名：只能复制到空数据库中。</translation>
    </message>
    <message>
        <source>{target} is neither a .crmdb file nor a PostgreSQL URL. Give a file name or postgresql+psycopg://user:password@host/database.</source>
        <extracomment>the work file of a copy to NAME, beside it (a dot-file: hidden)</extracomment>
        <translation>{target} 既不是 .crmdb 文件，也不是 PostgreSQL 地址。请给出文件名或 postgresql+psycopg://用户:密码@主机/数据库。</translation>
    </message>
    <message>
        <source>No database driver for {target}: {reason}. Use postgresql+psycopg://user:password@host/database.</source>
        <translation>没有可用于 {target} 的数据库驱动：{reason}。请使用 postgresql+psycopg://用户:密码@主机/数据库。</translation>
    </message>
    <message>
        <source>The target {target} is not empty (table {table} has {count} rows). Give a new, empty database.</source>
        <translation>目标 {target} 不是空的（表 {table} 有 {count} 行）。请给出一个新的空数据库。</translation>
    </message>
    <message>
        <source>Copying the database</source>
        <translation>正在复制数据库</translation>
    </message>
    <message>
        <source>{target} appeared meanwhile (made by another program) and was not overwritten.</source>
        <translation>{target} 在复制期间被其他程序创建，未将其覆盖。</translation>
    </message>
    <message>
        <source>The target {target} holds another program's tables: it is not empty. Give a new, empty database. Nothing was changed.</source>
        <translation>目标 {target} 存有其他程序的表，不是空的。请给出一个新的空数据库。未做任何更改。</translation>
    </message>
    <message>
        <source>The target {target} already holds a crmdesk database (with users, customers or audit entries): it is not empty. Give a new, empty database. Nothing was changed.</source>
        <translation>目标 {target} 已存有 crmdesk 数据库（含用户、客户或审计记录），不是空的。请给出一个新的空数据库。未做任何更改。</translation>
    </message>
    <message>
        <source>The target {target} holds an unfinished crmdesk setup (its tables, but no users, customers or audit entries: a copy or set-up that stopped half-way). The copy sets it up anew.</source>
        <translation>目标 {target} 中有一个未完成的 crmdesk 设置（只有表，没有用户、客户或审计记录：之前的复制或设置中途停止了）。本次复制将重新设置它。</translation>
    </message>
    <message>
        <source>Creating the tables</source>
        <translation>正在建表</translation>
    </message>
    <message>
        <source>Cancelled: nothing was copied, and no file was made.</source>
        <translation>已取消：没有复制任何内容，也没有生成文件。</translation>
    </message>
    <message>
        <source>Cancelled: nothing was copied; the server database {target} was left as it was.</source>
        <translation>已取消：没有复制任何内容；服务器数据库 {target} 保持原样。</translation>
    </message>
    <message>
        <source>The copy to {target} failed at "{stage}": {reason} Nothing was kept: no file was made.</source>
        <translation>复制到 {target} 时在“{stage}”一步失败：{reason} 未保留任何内容：没有生成文件。</translation>
    </message>
    <message>
        <source>The copy to {target} failed at "{stage}": {reason} Nothing was kept: the server database was left as it was.</source>
        <translation>复制到 {target} 时在“{stage}”一步失败：{reason} 未保留任何内容：服务器数据库保持原样。</translation>
    </message>
    <message>
        <source>The audit chain does not verify on the target ({reason}). Run crmdesk audit verify on the source.</source>
        <translation>目标上的审计链校验未通过（{reason}）。请对源数据库运行 crmdesk audit verify。</translation>
    </message>
    <message>
        <source>Rebuilding the search index</source>
        <translation>正在重建搜索索引</translation>
    </message>
    <message>
        <source>Building the indexes and checking the links</source>
        <translation>正在建立索引并检查关联</translation>
    </message>
    <message>
        <source>Checking row counts and the audit chain</source>
        <translation>正在核对行数和审计链</translation>
    </message>
    <message>
        <source>Table {table} has {copied} rows on the target but {rows} on the source.</source>
        <translation>表 {table} 在目标上有 {copied} 行，在源上却有 {rows} 行。</translation>
    </message>
</context>
<context>
    <name>Orders</name>
    <message>
        <source>{product}: {wanted} needed, {reserved} reserved, {missing} on backorder</source>
        <extracomment>waiting for goods to ship (a delivery note can be made) follow from deliveries, invoices and payments; never chosen by hand what a person may choose the invoices that are still owed (``invoice_status``)</extracomment>
        <translation>{product}：需要 {wanted}，已预留 {reserved}，缺货 {missing}</translation>
    </message>
    <message>
        <source>“{status}” follows from the order's deliveries and payments: ship it with a delivery note instead of choosing the status.</source>
        <translation>“{status}”由订单的发货和收款自动决定：请用发货单发货，而不是直接选择此状态。</translation>
    </message>
    <message>
        <source>Goods of this order have shipped ({units} units), so it cannot become “{status}”: take returned goods in with a stock receipt and cancel the delivery notes that are still planned.</source>
        <translation>此订单已有货物发出（{units} 件），不能再改为“{status}”：退回的货物请做入库，仍在计划中的发货单请取消。</translation>
    </message>
    <message>
        <source>Order {order} has delivery notes or stock movements, so it cannot be deleted for good: it stays in the recycle bin as history.</source>
        <translation>订单 {order} 已有发货单或库存流水，不能彻底删除：它作为历史记录保留在回收站中。</translation>
    </message>
    <message>
        <source>Goods of {name}'s orders have shipped, which is kept as history: the customer cannot be purged. Leave them in the recycle bin instead.</source>
        <translation>{name}的订单已有货物发出，需作为历史记录保留：不能彻底删除此客户。请将其留在回收站中。</translation>
    </message>
    <message>
        <source>Credit limit {limit} exceeded by {over}: open invoices {invoices}, other open orders {orders}, this order {order}. Ask for payment or a higher limit before shipping.</source>
        <extracomment>what this order may still count on: available plus what it holds itself</extracomment>
        <translation>超出信用额度 {limit}：超出 {over}（未收发票 {invoices}，其他未完成订单 {orders}，本订单 {order}）。发货前请催收货款或申请提高额度。</translation>
    </message>
    <message>
        <source>Goods of order {order} have shipped or been invoiced, so its lines can no longer change: make a new order for more.</source>
        <translation>订单 {order} 已发货或已开票，明细不能再修改：如需追加请另建订单。</translation>
    </message>
</context>
<context>
    <name>Permissions</name>
    <message>
        <source>administer users</source>
        <extracomment>permission -&gt; roles that hold it</extracomment>
        <translation>管理用户</translation>
    </message>
    <message>
        <source>change settings</source>
        <translation>修改设置</translation>
    </message>
    <message>
        <source>view the audit log</source>
        <translation>查看审计日志</translation>
    </message>
    <message>
        <source>restore or purge the recycle bin</source>
        <translation>恢复或清除回收站</translation>
    </message>
    <message>
        <source>delete records permanently</source>
        <translation>永久删除记录</translation>
    </message>
    <message>
        <source>restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>make backups</source>
        <translation>进行备份</translation>
    </message>
    <message>
        <source>export many records</source>
        <translation>批量导出</translation>
    </message>
    <message>
        <source>export ID numbers and bank accounts</source>
        <translation>导出身份证号和银行账号</translation>
    </message>
    <message>
        <source>give customers to another owner</source>
        <translation>把客户转给其他负责人</translation>
    </message>
    <message>
        <source>merge customers</source>
        <translation>合并客户</translation>
    </message>
    <message>
        <source>edit products</source>
        <translation>编辑产品</translation>
    </message>
    <message>
        <source>manage campaigns</source>
        <translation>管理营销活动</translation>
    </message>
    <message>
        <source>see team reports</source>
        <translation>查看团队报表</translation>
    </message>
    <message>
        <source>write knowledge base articles</source>
        <translation>编写知识库文章</translation>
    </message>
    <message>
        <source>review work plans</source>
        <translation>审阅工作计划</translation>
    </message>
    <message>
        <source>manage warehouses and move stock</source>
        <translation>管理仓库和库存出入库</translation>
    </message>
    <message>
        <source>ship orders</source>
        <translation>订单发货</translation>
    </message>
    <message>
        <source>manage suppliers and purchase orders</source>
        <translation>管理供应商和采购单</translation>
    </message>
    <message>
        <source>issue invoices</source>
        <translation>开具发票</translation>
    </message>
    <message>
        <source>void invoices</source>
        <translation>作废发票</translation>
    </message>
    <message>
        <source>record payments</source>
        <translation>登记收款</translation>
    </message>
    <message>
        <source>export to accounting and import bank statements</source>
        <translation>导出到财务软件和导入银行流水</translation>
    </message>
</context>
<context>
    <name>RecordTypes</name>
    <message>
        <source>{where} is missing: fill it in.</source>
        <extracomment>the kinds a field can have kinds whose values are stored encrypted (with a blind index for exact lookup) kinds that refer to another record keys a field cannot take: the columns every record-type table has kinds that are dates: shown in the calendar (``calendar``, default true) and able to remind their record's holder (``remind_days_before``) the most days before its date a field can remind a date field shown in the calendar (date kinds only) a date field reminds its record's holder this many days before (None: never) the statuses in order (the first is where a new record starts); none: no status the moves allowed between statuses (none listed: every move, for everyone) the table has a status column (statuses were defined once, maybe since removed)
----------
field options another part of the designer adds (kept when it knows them)</extracomment>
        <translation>{where} 缺失：请填写。</translation>
    </message>
    <message>
        <source>{where} must be text.</source>
        <translation>{where} 必须是文本。</translation>
    </message>
    <message>
        <source>{where} is too long: at most {max} characters.</source>
        <translation>{where} 太长：最多 {max} 个字符。</translation>
    </message>
    <message>
        <source>{where} must be true or false.</source>
        <translation>{where} 必须是 true 或 false。</translation>
    </message>
    <message>
        <source>{where} is not a known setting; known: {known}.</source>
        <translation>{where} 不是可识别的设置项；可用的有：{known}。</translation>
    </message>
    <message>
        <source>{where} must be a list of choices.</source>
        <translation>{where} 必须是选项列表。</translation>
    </message>
    <message>
        <source>{where} must be text or {{"key", "name_zh", "name_en"}}.</source>
        <translation>{where} 必须是文字或 {{"key", "name_zh", "name_en"}}。</translation>
    </message>
    <message>
        <source>{where} cannot contain a comma.</source>
        <translation>{where} 不能包含逗号。</translation>
    </message>
    <message>
        <source>{where}: the choice {key} is listed twice.</source>
        <translation>{where}：选项 {key} 重复列出。</translation>
    </message>
    <message>
        <source>{where} must be an object.</source>
        <translation>{where} 必须是一个对象。</translation>
    </message>
    <message>
        <source>{where} {key} cannot be used: use lower-case letters, digits and _, starting with a letter (not {reserved}).</source>
        <translation>{where} {key} 不能使用：请用小写字母、数字和 _，以字母开头（不能是 {reserved}）。</translation>
    </message>
    <message>
        <source>{where} must be one of: {kinds}.</source>
        <translation>{where} 必须是以下之一：{kinds}。</translation>
    </message>
    <message>
        <source>{where}: a choice field needs at least one choice.</source>
        <translation>{where}：选项字段至少需要一个选项。</translation>
    </message>
    <message>
        <source>{where}: name the record type this field refers to.</source>
        <translation>{where}：请指定此字段引用的记录类型。</translation>
    </message>
    <message>
        <source>{where}: a field of this kind cannot be unique.</source>
        <translation>{where}：这种类型的字段不能设为唯一。</translation>
    </message>
    <message>
        <source>{where}: only date and date-time fields have this setting; remove it or make the field a date.</source>
        <translation>{where}：只有日期和日期时间字段有此设置；请删除该设置，或将字段改为日期。</translation>
    </message>
    <message>
        <source>{where} must be a whole number of days from 0 to {max}, e.g. 30.</source>
        <translation>{where} 必须是 0 到 {max} 之间的整数天数，例如 30。</translation>
    </message>
    <message>
        <source>{where} must be a list.</source>
        <translation>{where} 必须是一个列表。</translation>
    </message>
    <message>
        <source>{where}: the status {key} is listed twice.</source>
        <translation>{where}：状态 {key} 重复列出。</translation>
    </message>
    <message>
        <source>{where}: there is no status {key}.</source>
        <translation>{where}：没有状态 {key}。</translation>
    </message>
    <message>
        <source>{where} must list roles among: {known}.</source>
        <translation>{where} 只能列出以下角色：{known}。</translation>
    </message>
    <message>
        <source>{where} {key} cannot be used: 2 to 16 lower-case letters, digits and _, starting with a letter, e.g. visit.</source>
        <translation>{where} {key} 不能使用：请用 2 到 16 个小写字母、数字和 _，以字母开头，如 visit。</translation>
    </message>
    <message>
        <source>{where} must be customer or owner.</source>
        <translation>{where} 必须是 customer 或 owner。</translation>
    </message>
    <message>
        <source>{where} must be 1 to 8 capital letters or digits, starting with a letter, e.g. V.</source>
        <translation>{where} 必须是 1 到 8 个大写字母或数字，以字母开头，如 V。</translation>
    </message>
    <message>
        <source>{where}: the field {key} is listed twice.</source>
        <translation>{where}：字段 {key} 重复列出。</translation>
    </message>
    <message>
        <source>{where} {value} is not known: this version reads {known}.</source>
        <translation>{where} {value} 无法识别：本版本读取 {known}。</translation>
    </message>
    <message>
        <source>{label} cannot become {kind}: {count} records hold values that do not convert ({values}). Correct those records first, or add a new field.</source>
        <extracomment>the record types of the program itself: a designed type cannot take their names how many values that do not convert a refusal lists (the count says the rest)</extracomment>
        <translation>{label} 不能改为 {kind}：有 {count} 条记录的值无法转换（{values}）。请先修改这些记录，或新建一个字段。</translation>
    </message>
    <message>
        <source>{where}: there is no record type {target}.</source>
        <translation>{where}：没有记录类型 {target}。</translation>
    </message>
    <message>
        <source>{where} {value} does not fit a field of kind {kind}.</source>
        <translation>{where} {value} 不适用于 {kind} 类型的字段。</translation>
    </message>
    <message>
        <source>{where}: a sensitive field has no default.</source>
        <translation>{where}：敏感字段不能有默认值。</translation>
    </message>
    <message>
        <source>{where}: {problem}</source>
        <translation>{where}：{problem}</translation>
    </message>
    <message>
        <source>{where} {key} is the name of a built-in record type: choose another.</source>
        <translation>{where} {key} 是内置记录类型的名称：请换一个。</translation>
    </message>
    <message>
        <source>{where} {key} exists already: choose another, or import to update it.</source>
        <translation>{where} {key} 已存在：请换一个，或通过导入来更新它。</translation>
    </message>
    <message>
        <source>{where} {key} cannot be used: the file has a table {table}.</source>
        <translation>{where} {key} 不能使用：文件中已有数据表 {table}。</translation>
    </message>
    <message>
        <source>{where} cannot be changed here; these can: {known}.</source>
        <extracomment>what :func:`update_field` changes (the kind has :func:`change_kind`)</extracomment>
        <translation>{where} 不能在此修改；可修改的有：{known}。</translation>
    </message>
    <message>
        <source>{where}: records are still in {statuses}; move them to another status first.</source>
        <translation>{where}：仍有记录处于 {statuses}；请先把它们改为其他状态。</translation>
    </message>
    <message>
        <source>{where} {key} exists already in this type: choose another (a retired field keeps its key).</source>
        <translation>{where} {key} 在此类型中已存在：请换一个（停用的字段仍保留其标识）。</translation>
    </message>
    <message>
        <source>{where}: a reference keeps its record type; add a new field.</source>
        <translation>{where}：引用字段不能更改引用的记录类型；请新建一个字段。</translation>
    </message>
    <message>
        <source>{label} cannot be unique: several records hold {values}. Correct them first.</source>
        <translation>{label} 不能设为唯一：多条记录的值为 {values}。请先修改这些记录。</translation>
    </message>
    <message>
        <source>{where}: a {old} field cannot become {new} (sensitive values and references keep their kind); add a new field instead.</source>
        <translation>{where}：{old} 字段不能改为 {new}（敏感字段和引用字段不能改类型）；请新建一个字段。</translation>
    </message>
    <message>
        <source>{where}: the records of an existing type keep what they belong to ({current}).</source>
        <translation>{where}：已有类型的记录归属不能更改（{current}）。</translation>
    </message>
    <message>
        <source>{where} must be true, a field key, or {{"linked": [types]}}.</source>
        <translation>{where} 必须是 true、一个字段键，或 {{"linked": [记录类型]}}。</translation>
    </message>
    <message>
        <source>{where} needs exactly one of count, sum, share and ratio.</source>
        <translation>{where} 必须且只能有 count、sum、share、ratio 中的一项。</translation>
    </message>
    <message>
        <source>{where} must name two measures: [numerator, denominator].</source>
        <translation>{where} 必须写两个指标：[分子, 分母]。</translation>
    </message>
    <message>
        <source>{where}: an analysis needs measures (or list columns).</source>
        <translation>{where}：分析需要指标（或列表的列）。</translation>
    </message>
    <message>
        <source>{where}: the measure {key} is listed twice.</source>
        <translation>{where}：指标 {key} 重复列出。</translation>
    </message>
    <message>
        <source>{where} must name measures listed before it.</source>
        <translation>{where} 只能引用在它之前列出的指标。</translation>
    </message>
    <message>
        <source>{where} must be [first, last] days from today, e.g. [0, 30].</source>
        <translation>{where} 必须是相对今天的 [起, 止] 天数，例如 [0, 30]。</translation>
    </message>
    <message>
        <source>{where}: record type {type} has no field {key} of a fitting kind.</source>
        <translation>{where}：记录类型 {type} 没有类型合适的字段 {key}。</translation>
    </message>
    <message>
        <source>{where}: a measure of another type needs a period or no group.</source>
        <translation>{where}：来自其他记录类型的指标只能按时间段分组或不分组。</translation>
    </message>
    <message>
        <source>{where} must be a whole number from 1, e.g. 1.</source>
        <translation>{where} 必须是从 1 开始的整数，例如 1。</translation>
    </message>
    <message>
        <source>{where} is not a database setting.</source>
        <translation>{where} 不是数据库设置项。</translation>
    </message>
    <message>
        <source>{where}: the analysis {key} is listed twice.</source>
        <translation>{where}：分析 {key} 重复列出。</translation>
    </message>
</context>
<context>
    <name>Recurrence</name>
    <message>
        <source>Monday</source>
        <extracomment>weekday names as they read inside a summary ("Every Monday": zh "每周一" has only the numeral, the template says "周")</extracomment>
        <translation>一</translation>
    </message>
    <message>
        <source>Tuesday</source>
        <translation>二</translation>
    </message>
    <message>
        <source>Wednesday</source>
        <translation>三</translation>
    </message>
    <message>
        <source>Thursday</source>
        <translation>四</translation>
    </message>
    <message>
        <source>Friday</source>
        <translation>五</translation>
    </message>
    <message>
        <source>Saturday</source>
        <translation>六</translation>
    </message>
    <message>
        <source>Sunday</source>
        <translation>日</translation>
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
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>{list} and {last}</source>
        <translation>{list}、{last}</translation>
    </message>
    <message>
        <source>Every day</source>
        <translation>每天</translation>
    </message>
    <message>
        <source>Every {n} days</source>
        <translation>每 {n} 天</translation>
    </message>
    <message>
        <source>Every week</source>
        <translation>每周</translation>
    </message>
    <message>
        <source>Every {n} weeks</source>
        <translation>每 {n} 周</translation>
    </message>
    <message>
        <source>Every {days}</source>
        <translation>每周{days}</translation>
    </message>
    <message>
        <source>Every {n} weeks on {days}</source>
        <translation>每 {n} 周的周{days}</translation>
    </message>
    <message>
        <source>Every month on the {nth} {day}</source>
        <translation>每月{nth}周{day}</translation>
    </message>
    <message>
        <source>Every {n} months on the {nth} {day}</source>
        <translation>每 {n} 个月的{nth}周{day}</translation>
    </message>
    <message>
        <source>Every month on the last day</source>
        <translation>每月最后一天</translation>
    </message>
    <message>
        <source>Every {n} months on the last day</source>
        <translation>每 {n} 个月的最后一天</translation>
    </message>
    <message>
        <source>Every month on day {day}</source>
        <translation>每月 {day} 日</translation>
    </message>
    <message>
        <source>Every {n} months on day {day}</source>
        <translation>每 {n} 个月的 {day} 日</translation>
    </message>
    <message>
        <source>Every month</source>
        <translation>每月</translation>
    </message>
    <message>
        <source>Every {n} months</source>
        <translation>每 {n} 个月</translation>
    </message>
    <message>
        <source>Every year</source>
        <translation>每年</translation>
    </message>
    <message>
        <source>Every {n} years</source>
        <translation>每 {n} 年</translation>
    </message>
    <message>
        <source>, {n} times</source>
        <translation>，共 {n} 次</translation>
    </message>
    <message>
        <source>, until {date}</source>
        <translation>，直到 {date}</translation>
    </message>
</context>
<context>
    <name>Reminders</name>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>计划跟进</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Service level breached</source>
        <translation>服务级别超时</translation>
    </message>
    <message>
        <source>Low stock</source>
        <translation>库存不足</translation>
    </message>
    <message>
        <source>There is no reminder of yours for {kind} {id}: it was done, deleted, moved to someone else or dismissed.</source>
        <extracomment>the record a reminder opens: (entity, id) a dated reminder (a follow-up, a ticket's due date) fires at this local time the snooze choices besides "pick a time": minutes, or "tomorrow" (09:00) when it fires (or fired): the task's reminder time, or 09:00 on the date what the state is about: a task's reminder time, or the follow-up / due date</extracomment>
        <translation>没有您的{kind} {id} 的提醒：它已完成、已删除、已转给他人或已被忽略。</translation>
    </message>
    <message>
        <source>Snooze until a later time: {time} has passed.</source>
        <translation>请推迟到更晚的时间：{time} 已经过去。</translation>
    </message>
    <message>
        <source>Low stock: {name}</source>
        <extracomment>who is told: the stock keeper, else the managers of the warehouses holding it</extracomment>
        <translation>库存不足：{name}</translation>
    </message>
</context>
<context>
    <name>Satisfaction</name>
    <message>
        <source>By phone</source>
        <translation>电话回访</translation>
    </message>
    <message>
        <source>Survey</source>
        <translation>问卷</translation>
    </message>
    <message>
        <source>Imported survey</source>
        <translation>导入的问卷</translation>
    </message>
    <message>
        <source>Call back: {code} {subject} scored {score}/5</source>
        <translation>回访：{code} {subject} 满意度 {score}/5</translation>
    </message>
    <message>
        <source>Customer satisfaction: {score}/5 ({source})</source>
        <translation>客户满意度：{score}/5（{source}）</translation>
    </message>
    <message>
        <source>Row {row}, {field}: {problem} Nothing was imported.</source>
        <translation>第 {row} 行，{field}：{problem} 未导入任何数据。</translation>
    </message>
    <message>
        <source>The survey has no rows to import: it needs the columns ticket number, score and comment.</source>
        <translation>问卷中没有可导入的行：需要工单号、评分和意见三列。</translation>
    </message>
</context>
<context>
    <name>Section</name>
    <message>
        <source>Basic information</source>
        <extracomment>reference kinds naming a catalogue record (code and name, visible to everyone); the kind is the entity referred to the headings a form groups its fields under, in order</extracomment>
        <translation>基本信息</translation>
    </message>
    <message>
        <source>Contact details</source>
        <translation>联系方式</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>销售</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>Servers</name>
    <message>
        <source>This computer has no password keyring, so the password was not stored: enter it each time you connect.</source>
        <extracomment>seconds a connection test waits for the server</extracomment>
        <translation>本机没有密码钥匙串，密码未保存：每次连接时请输入密码。</translation>
    </message>
    <message>
        <source>The password could not be stored in the keyring ({reason}): enter it each time you connect.</source>
        <translation>无法把密码保存到钥匙串（{reason}）：每次连接时请输入密码。</translation>
    </message>
    <message>
        <source>The server {host} has no database {database}. Check the database name, or ask the server's administrator to create it.</source>
        <translation>服务器 {host} 上没有数据库 {database}。请检查数据库名称，或请服务器管理员创建它。</translation>
    </message>
    <message>
        <source>The server {host} asks for the password of user {user}, and none was given: type it in, or keep it in the keyring (python -m keyring set crmdesk {name}) or in ~/.pgpass.</source>
        <translation>服务器 {host} 需要用户 {user} 的密码，但没有提供：请输入密码，或将其保存在钥匙串中（python -m keyring set crmdesk {name}）或 ~/.pgpass 中。</translation>
    </message>
    <message>
        <source>The server {host} refused user {user}: wrong user name or password. Check the server user and password (the server's account, not your crmdesk login).</source>
        <translation>服务器 {host} 拒绝了用户 {user}：用户名或密码错误。请检查服务器用户和密码（是服务器的账号，不是您的 crmdesk 登录账号）。</translation>
    </message>
    <message>
        <source>Cannot reach the database server {host} (port {port}): no server answers there. Check the host and port, and that the server is running.</source>
        <translation>无法连接数据库服务器 {host}（端口 {port}）：该处没有服务器响应。请检查主机和端口，并确认服务器已运行。</translation>
    </message>
    <message>
        <source>Cannot reach the database server {host} (port {port}): no answer within {seconds} seconds. Check the host and port, the network, and that a firewall lets this computer through.</source>
        <translation>无法连接数据库服务器 {host}（端口 {port}）：{seconds} 秒内没有响应。请检查主机和端口、网络，以及防火墙是否允许本机连接。</translation>
    </message>
    <message>
        <source>Cannot reach the database server {host} (port {port}): this computer does not know that name. Check the name, or use the server's IP address.</source>
        <translation>无法连接数据库服务器 {host}（端口 {port}）：本机无法识别这个名称。请检查名称，或改用服务器的 IP 地址。</translation>
    </message>
    <message>
        <source>Cannot reach the database server {host} (port {port}): {reason}. Check the host and port, and that the server is running and accepts connections from this computer.</source>
        <translation>无法连接数据库服务器 {host}（端口 {port}）：{reason}。请检查主机和端口，并确认服务器已运行且允许本机连接。</translation>
    </message>
    <message>
        <source>This is not a database address: use postgresql+psycopg://user@host/database.</source>
        <extracomment>what :func:`probe` finds in a database it could connect to the crmdesk schema but nothing anybody made in it (no users, customers or audit entries): a copy or set-up of an older crmdesk that stopped half-way. Nobody can log in; File &gt; Connect to server, ``crmdesk init`` and ``crmdesk migrate`` set it up anew in place (``database.create_database``), never when it holds any of those</extracomment>
        <translation>这不是数据库地址：请使用 postgresql+psycopg://用户@主机/数据库。</translation>
    </message>
    <message>
        <source>The PostgreSQL driver is not installed: install crmdesk[postgres] (pip install 'psycopg[binary]').</source>
        <translation>未安装 PostgreSQL 驱动：请安装 crmdesk[postgres]（pip install 'psycopg[binary]'）。</translation>
    </message>
</context>
<context>
    <name>ServiceLevels</name>
    <message>
        <source>First response</source>
        <translation>首次响应</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>解决</translation>
    </message>
    <message>
        <source>Met</source>
        <translation>已达标</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>未达标</translation>
    </message>
    <message>
        <source>Breached</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>At risk</source>
        <translation>有超时风险</translation>
    </message>
    <message>
        <source>On track</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Paused (waiting)</source>
        <translation>已暂停（等待中）</translation>
    </message>
    <message>
        <source>No target</source>
        <translation>无目标</translation>
    </message>
    <message>
        <source>{label}: {value} is not a priority: use one of {choices}.</source>
        <extracomment>weekday (0 = Monday) -&gt; (start minute, end minute); absent: a day off</extracomment>
        <translation>{label}：{value} 不是优先级，请使用 {choices} 之一。</translation>
    </message>
    <message>
        <source>{label} must be between 1 minute and 365 days of working time, e.g. 2h or 1d.</source>
        <translation>{label}必须在 1 分钟到 365 天工作时间之间，如 2h 或 1d。</translation>
    </message>
    <message>
        <source>{label} of {day}: the start must be before the end, e.g. 09:00-18:00.</source>
        <translation>{day} 的{label}：开始时间必须早于结束时间，如 09:00-18:00。</translation>
    </message>
    <message>
        <source>{label}: keep at least one working day.</source>
        <translation>{label}：至少保留一个工作日。</translation>
    </message>
    <message>
        <source>{label} of {day}: give both start and end, the start before the end, e.g. 09:00-18:00.</source>
        <translation>{day} 的{label}：请同时填写开始和结束时间，开始早于结束，如 09:00-18:00。</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>Company name printed on reports</source>
        <translation>报表上打印的公司名称</translation>
    </message>
    <message>
        <source>Wrong passwords in a row before an account is locked</source>
        <translation>连续输错多少次密码后锁定账户</translation>
    </message>
    <message>
        <source>Minutes a locked account stays locked</source>
        <translation>账户锁定的时长（分钟）</translation>
    </message>
    <message>
        <source>Window of the anti-scraping guard, in minutes</source>
        <translation>防批量窃取的时间窗口（分钟）</translation>
    </message>
    <message>
        <source>Customers a staff member may open, list or export within the window before the account is frozen</source>
        <translation>时间窗口内员工可打开、列出或导出的客户数，超过即冻结账户</translation>
    </message>
    <message>
        <source>Company address printed on documents</source>
        <translation>打印在单据上的公司地址</translation>
    </message>
    <message>
        <source>Company telephone printed on documents</source>
        <translation>打印在单据上的公司电话</translation>
    </message>
    <message>
        <source>Company tax number printed on documents</source>
        <translation>打印在单据上的公司税号</translation>
    </message>
    <message>
        <source>Company bank and account printed on invoices</source>
        <translation>打印在发票上的开户行及账号</translation>
    </message>
    <message>
        <source>VAT rates offered, in percent</source>
        <translation>可选的增值税税率（百分比）</translation>
    </message>
    <message>
        <source>Default VAT rate, in percent (a product without its own rate)</source>
        <translation>默认增值税税率（百分比，用于未设置税率的产品）</translation>
    </message>
    <message>
        <source>Days from an invoice to its due date</source>
        <translation>发票开具后到期的天数</translation>
    </message>
    <message>
        <source>Customers a manager may open, list or export within the window before the account is frozen</source>
        <translation>时间窗口内经理可打开、列出或导出的客户数，超过即冻结账户</translation>
    </message>
    <message>
        <source>Customers an administrator may open, list or export within the window before the account is frozen</source>
        <translation>时间窗口内管理员可打开、列出或导出的客户数，超过即冻结账户</translation>
    </message>
    <message>
        <source>Count the customers staff members read (anti-scraping guard)</source>
        <translation>统计员工查看的客户数（防批量窃取）</translation>
    </message>
    <message>
        <source>Count the customers managers read (anti-scraping guard)</source>
        <translation>统计经理查看的客户数（防批量窃取）</translation>
    </message>
    <message>
        <source>Count the customers administrators read (anti-scraping guard)</source>
        <translation>统计管理员查看的客户数（防批量窃取）</translation>
    </message>
    <message>
        <source>Records a staff member may export at once (managers and administrators: no limit)</source>
        <translation>普通员工每次最多可导出的记录数（经理和管理员不限）</translation>
    </message>
    <message>
        <source>Largest file that may be attached to a record, in MB</source>
        <translation>单个附件的大小上限（MB）</translation>
    </message>
    <message>
        <source>A satisfaction score at or below this makes a follow-up task (1-5 stars)</source>
        <translation>满意度评分不高于此值时创建回访任务（1-5 星）</translation>
    </message>
    <message>
        <source>A ticket is at risk when this share of its service-level time is used (percent)</source>
        <translation>工单服务级别时间用去此比例即视为有超时风险（百分比）</translation>
    </message>
    <message>
        <source>Suggested industries</source>
        <translation>行业候选列表</translation>
    </message>
    <message>
        <source>Suggested lead sources</source>
        <translation>客户来源候选列表</translation>
    </message>
    <message>
        <source>Folder for automatic backups (empty: beside the database)</source>
        <translation>自动备份文件夹（留空：与数据库同目录）</translation>
    </message>
    <message>
        <source>Back up when the program closes</source>
        <translation>关闭程序时备份</translation>
    </message>
    <message>
        <source>Back up every N hours while open (0: never)</source>
        <translation>运行期间每 N 小时备份一次（0：不备份）</translation>
    </message>
    <message>
        <source>Make one backup every day</source>
        <translation>每天备份一次</translation>
    </message>
    <message>
        <source>Recent backups to keep</source>
        <translation>保留最近的备份份数</translation>
    </message>
    <message>
        <source>Daily backups to keep</source>
        <translation>保留每日备份份数</translation>
    </message>
    <message>
        <source>Weekly backups to keep</source>
        <translation>保留每周备份份数</translation>
    </message>
    <message>
        <source>Monthly backups to keep</source>
        <translation>保留每月备份份数</translation>
    </message>
    <message>
        <source>Warn when the last good backup is older than N hours</source>
        <translation>最近一次成功备份超过 N 小时时提醒</translation>
    </message>
    <message>
        <source>Follow-up cadence of intent level H, in days</source>
        <translation>H 级意向客户的跟进周期（天）</translation>
    </message>
    <message>
        <source>Follow-up cadence of intent level A, in days</source>
        <translation>A 级意向客户的跟进周期（天）</translation>
    </message>
    <message>
        <source>Follow-up cadence of intent level B, in days</source>
        <translation>B 级意向客户的跟进周期（天）</translation>
    </message>
    <message>
        <source>Follow-up cadence of intent level C, in days</source>
        <translation>C 级意向客户的跟进周期（天）</translation>
    </message>
    <message>
        <source>Follow-up cadence of potential customers, in days (0: by intent level)</source>
        <translation>潜在客户的跟进周期（天，0：按意向等级）</translation>
    </message>
    <message>
        <source>Follow-up cadence of active customers, in days (0: by intent level)</source>
        <translation>成交客户的跟进周期（天，0：按意向等级）</translation>
    </message>
    <message>
        <source>Follow-up cadence of dormant customers, in days (0: by intent level)</source>
        <translation>休眠客户的跟进周期（天，0：按意向等级）</translation>
    </message>
    <message>
        <source>Follow-up cadence of churned customers, in days (0: by intent level)</source>
        <translation>流失客户的跟进周期（天，0：按意向等级）</translation>
    </message>
    <message>
        <source>Allow stock to go below zero (issues and transfers of more than is available)</source>
        <translation>允许负库存（出库、调拨数量可超过可用数量）</translation>
    </message>
    <message>
        <source>Default warehouse, by its code (empty: the first active warehouse)</source>
        <translation>默认仓库（填仓库编码；留空：第一个启用的仓库）</translation>
    </message>
    <message>
        <source>Account code: accounts receivable</source>
        <translation>科目代码：应收账款</translation>
    </message>
    <message>
        <source>Account code: sales revenue</source>
        <translation>科目代码：主营业务收入</translation>
    </message>
    <message>
        <source>Account code: output VAT</source>
        <translation>科目代码：销项税额</translation>
    </message>
    <message>
        <source>Account code: bank</source>
        <translation>科目代码：银行存款</translation>
    </message>
    <message>
        <source>Account code: cash</source>
        <translation>科目代码：库存现金</translation>
    </message>
    <message>
        <source>Account code: opening balances brought forward</source>
        <translation>科目代码：期初余额结转</translation>
    </message>
    <message>
        <source>Account code: stock of goods</source>
        <translation>科目代码：库存商品</translation>
    </message>
    <message>
        <source>Account code: cost of goods sold</source>
        <translation>科目代码：主营业务成本</translation>
    </message>
    <message>
        <source>Account code: accounts payable</source>
        <translation>科目代码：应付账款</translation>
    </message>
    <message>
        <source>Random id that tells this database's backups apart (made on first use)</source>
        <translation>区分本数据库备份的随机标识（首次使用时生成）</translation>
    </message>
    <message>
        <source>The last backup, the last verified backup and the last failed attempt</source>
        <translation>最近一次备份、最近一次已校验的备份和最近一次失败的尝试</translation>
    </message>
    <message>
        <source>The templates applied to this database and the analyses they declare</source>
        <translation>本数据库已应用的模板及其分析</translation>
    </message>
    <message>
        <source>Language (empty: as the system)</source>
        <translation>界面语言（留空：跟随系统）</translation>
    </message>
    <message>
        <source>Recently opened databases</source>
        <translation>最近打开的数据库</translation>
    </message>
    <message>
        <source>Recently opened database servers (host, port, database, user; never a password)</source>
        <translation>最近打开的数据库服务器（主机、端口、数据库、用户；从不保存密码）</translation>
    </message>
    <message>
        <source>Last user name used to log in</source>
        <translation>上次登录的用户名</translation>
    </message>
</context>
<context>
    <name>Stock</name>
    <message>
        <source>Received on {record}</source>
        <translation>采购单 {record} 收货</translation>
    </message>
    <message>
        <source>Opening stock</source>
        <translation>期初库存</translation>
    </message>
    <message>
        <source>Stocktake</source>
        <translation>盘点</translation>
    </message>
</context>
<context>
    <name>Tasks</name>
    <message>
        <source>Follow up: {name}</source>
        <translation>跟进：{name}</translation>
    </message>
</context>
<context>
    <name>Validation</name>
    <message>
        <source>Password is too short: use at least {n} characters.</source>
        <translation>密码太短：请至少使用 {n} 个字符。</translation>
    </message>
    <message>
        <source>Password must not be the user name: choose something else.</source>
        <translation>密码不能与用户名相同：请换一个。</translation>
    </message>
    <message>
        <source>User name is not valid: use 2 to 64 letters, digits, dots, dashes or underscores, e.g. wang.li</source>
        <translation>用户名无效：请使用 2 到 64 个字母、数字、点、短横线或下划线，例如 wang.li</translation>
    </message>
    <message>
        <source>User name {name} is taken: choose another.</source>
        <translation>用户名 {name} 已被使用：请换一个。</translation>
    </message>
    <message>
        <source>Role must be admin, manager or staff.</source>
        <translation>角色必须是 admin（管理员）、manager（经理）或 staff（员工）。</translation>
    </message>
    <message>
        <source>Current password is wrong: type it again.</source>
        <translation>当前密码不正确：请重新输入。</translation>
    </message>
    <message>
        <source>{label} is required: please fill it in.</source>
        <translation>{label}为必填项：请填写。</translation>
    </message>
    <message>
        <source>{label}: remove the NUL character; a name cannot hold one.</source>
        <translation>{label}：请删除空字符（NUL），名称中不能包含它。</translation>
    </message>
    <message>
        <source>Team {name} exists already: choose another name.</source>
        <translation>团队 {name} 已存在：请换一个名称。</translation>
    </message>
    <message>
        <source>{label} is before the start date: choose a later date.</source>
        <translation>{label}早于开始日期：请选择更晚的日期。</translation>
    </message>
    <message>
        <source>{label} must be one of: {choices}.</source>
        <extracomment>the longest text of a kind (text: unless the field's max says less)</extracomment>
        <translation>{label}必须是以下之一：{choices}。</translation>
    </message>
    <message>
        <source>{label} must be at most {max}.</source>
        <translation>{label}不能大于 {max}。</translation>
    </message>
    <message>
        <source>{label}: contacts belong to company customers; {name} is an individual. Change its type to Company first.</source>
        <translation>{label}：联系人只属于企业客户；{name} 是个人客户。请先把它的类型改为企业。</translation>
    </message>
    <message>
        <source>{label} is not valid: use lower-case letters, digits and _, starting with a letter, e.g. vip_level.</source>
        <translation>{label}无效：请使用小写字母、数字和下划线，并以字母开头，例如 vip_level。</translation>
    </message>
    <message>
        <source>{label}: enter at least one choice.</source>
        <translation>{label}：请至少输入一个可选项。</translation>
    </message>
    <message>
        <source>{label} {key} exists already: choose another.</source>
        <translation>{label} {key} 已存在：请换一个。</translation>
    </message>
    <message>
        <source>{label} already belongs to another customer, one you cannot see: check the number, or ask a manager or an administrator.</source>
        <extracomment>field -&gt; purpose (bound into the ciphertext and the blind index) an ID number held by a customer the user may not see: said without naming that customer</extracomment>
        <translation>{label}已属于另一位您无权查看的客户：请核对号码，或联系经理或管理员。</translation>
    </message>
    <message>
        <source>{label} already belongs to customer {code}: check the number, or open that customer.</source>
        <translation>{label}已属于客户 {code}：请核对号码，或打开该客户。</translation>
    </message>
    <message>
        <source>{label}: choose an active user from the list.</source>
        <translation>{label}：请从列表中选择一个在用的用户。</translation>
    </message>
    <message>
        <source>{label}: you can only choose yourself; a manager can give the record to someone else.</source>
        <translation>{label}：您只能选择自己；如需交给他人，请由经理操作。</translation>
    </message>
    <message>
        <source>{label}: choose a member of your team.</source>
        <translation>{label}：请选择您团队中的成员。</translation>
    </message>
    <message>
        <source>{label}: choose an existing customer that you can see.</source>
        <translation>{label}：请选择一个您有权查看的现有客户。</translation>
    </message>
    <message>
        <source>{label}: choose a contact of this customer.</source>
        <translation>{label}：请选择该客户的联系人。</translation>
    </message>
    <message>
        <source>{label}: supplier {code} already has this name; open it instead, or tell them apart (e.g. add the city).</source>
        <extracomment>statuses in which goods are still expected (the calendar shows their expected dates)</extracomment>
        <translation>{label}：供应商 {code} 已经使用这个名称；请直接打开它，或加以区分（例如加上城市）。</translation>
    </message>
    <message>
        <source>{label}: goods were already received on this order, so it cannot change. Make a new purchase order for the rest.</source>
        <translation>{label}：这张采购单已有收货，不能再修改。剩余部分请新建采购单。</translation>
    </message>
    <message>
        <source>{label} is before the order date ({date}): enter a later date.</source>
        <translation>{label}早于下单日期（{date}）：请填写更晚的日期。</translation>
    </message>
    <message>
        <source>{label}: choose the product to order.</source>
        <translation>{label}：请选择要采购的产品。</translation>
    </message>
    <message>
        <source>{label}: choose an existing product.</source>
        <translation>{label}：请选择一个现有产品。</translation>
    </message>
    <message>
        <source>{label}: {product} is not kept in stock, so it cannot be received: tick "Tracks stock" on the product, or leave it off the order.</source>
        <translation>{label}：{product} 不管理库存，无法收货入库：请在产品上勾选“管理库存”，或不要把它放进采购单。</translation>
    </message>
    <message>
        <source>{label}: {received} were received of this line, so its product cannot change: add a new line instead.</source>
        <translation>{label}：这一行已到货 {received}，不能更换产品：请另加一行。</translation>
    </message>
    <message>
        <source>{label}: {received} were received already: the quantity cannot be less.</source>
        <translation>{label}：已到货 {received}，数量不能小于这个数。</translation>
    </message>
    <message>
        <source>{label}: {product} cannot be removed: {received} were received. Lower its quantity to {received} to stop waiting for the rest.</source>
        <translation>{label}：{product} 已到货 {received}，不能删除。如不再等待剩余货物，请把数量改为 {received}。</translation>
    </message>
    <message>
        <source>{label}: {quantity} received now, but only {open} of {product} are still open on the order. Receive at most {open}, or raise the line's quantity first.</source>
        <translation>{label}：本次收货 {quantity}，但 {product} 在采购单上只剩 {open} 未到。最多收 {open}，或先调高这一行的数量。</translation>
    </message>
    <message>
        <source>{label}: choose a status from the list.</source>
        <translation>{label}：请从列表中选择状态。</translation>
    </message>
    <message>
        <source>{label}: choose a stage from the list.</source>
        <translation>{label}：请从列表中选择阶段。</translation>
    </message>
    <message>
        <source>{label} must be a whole number from 0 to 100.</source>
        <translation>{label}必须是 0 到 100 之间的整数。</translation>
    </message>
    <message>
        <source>{label} of a won stage is always 100: the forecast counts won opportunities whole.</source>
        <translation>赢单阶段的{label}固定为 100：预测按全额计入已赢单的商机。</translation>
    </message>
    <message>
        <source>{label} of a lost stage is always 0: the forecast leaves lost opportunities out.</source>
        <translation>输单阶段的{label}固定为 0：预测不计入已输单的商机。</translation>
    </message>
    <message>
        <source>{label} is too long: at most {n} characters.</source>
        <translation>{label}太长：最多 {n} 个字符。</translation>
    </message>
    <message>
        <source>{label}: at most {n} tags, separated by commas.</source>
        <translation>{label}：最多 {n} 个标签，用逗号分隔。</translation>
    </message>
    <message>
        <source>{label}: {code} is a draft; publish it before using it for a ticket.</source>
        <translation>{label}：{code} 还是草稿，请先发布再用于工单。</translation>
    </message>
    <message>
        <source>{label} {name} is the name of stage {stage} already: choose another.</source>
        <translation>{label}“{name}”已是阶段“{stage}”的名称，请换一个。</translation>
    </message>
    <message>
        <source>{label} is not valid: use up to 20 lower-case letters, digits and _, starting with a letter, e.g. site_visit.</source>
        <translation>{label}无效：最多 20 个小写字母、数字或 _，以字母开头，例如 site_visit。</translation>
    </message>
    <message>
        <source>{label} is required: give the stage a name (in English, Chinese or both).</source>
        <translation>{label}必填：请为阶段起一个名称（中文、英文或两者）。</translation>
    </message>
    <message>
        <source>{label} must be a whole number from 1 to {n}.</source>
        <translation>{label}必须是 1 到 {n} 之间的整数。</translation>
    </message>
    <message>
        <source>{label}: give a new name in English, in Chinese or both.</source>
        <translation>{label}：请填写新的中文名称、英文名称或两者。</translation>
    </message>
    <message>
        <source>{label} {stage} cannot be retired: every pipeline needs its won and its lost stage (rename it instead).</source>
        <translation>{label}“{stage}”不能停用：销售流程必须有赢单和输单阶段（可以改名）。</translation>
    </message>
    <message>
        <source>{label} {stage} is the last open stage: add another stage before retiring it.</source>
        <translation>{label}“{stage}”是最后一个进行中的阶段：请先添加其他阶段再停用。</translation>
    </message>
    <message>
        <source>Stage {stage} still holds {n} opportunities: choose a stage to move them to ({label}).</source>
        <translation>阶段“{stage}”中还有 {n} 个商机：请选择要移入的阶段（{label}）。</translation>
    </message>
    <message>
        <source>{label}: choose a stage other than {stage} that is not retired.</source>
        <translation>{label}：请选择“{stage}”以外、未停用的阶段。</translation>
    </message>
    <message>
        <source>{label}: {stage} is retired and takes no new opportunities: choose another stage.</source>
        <translation>{label}：“{stage}”已停用，不能再移入商机，请选择其他阶段。</translation>
    </message>
    <message>
        <source>{label} {code} is used by another product: choose another.</source>
        <translation>{label} {code} 已被其他产品使用：请换一个。</translation>
    </message>
    <message>
        <source>{label} is too large: check the quantity and the price.</source>
        <translation>{label}过大：请检查数量和价格。</translation>
    </message>
    <message>
        <source>One active status must be the default for new tickets.</source>
        <translation>必须有一个启用的状态作为新工单的默认状态。</translation>
    </message>
    <message>
        <source>{label} is too long: shorten it to at most {max} characters.</source>
        <translation>{label}太长：请缩短到 {max} 个字符以内。</translation>
    </message>
    <message>
        <source>{label} is not a valid mobile number: enter 11 digits, e.g. 13812345678.</source>
        <translation>{label}格式不正确：请输入 11 位手机号，如 13812345678。</translation>
    </message>
    <message>
        <source>{label} is not a valid phone number: enter a mobile number (11 digits, e.g. 13812345678) or a landline with its area code (e.g. 010-62345678).</source>
        <translation>{label}格式不正确：请输入 11 位手机号（如 13812345678）或带区号的固定电话（如 010-62345678）。</translation>
    </message>
    <message>
        <source>{label} is not a valid e-mail address: use the form name@example.com.</source>
        <translation>{label}格式不正确：请按 name@example.com 的格式填写。</translation>
    </message>
    <message>
        <source>{label} is not valid: a resident ID number has 18 characters, 17 digits and then a digit or X, e.g. 11010519491231002X.</source>
        <translation>{label}不正确：居民身份证号为 18 位，前 17 位是数字，最后一位是数字或 X，如 11010519491231002X。</translation>
    </message>
    <message>
        <source>{label} is not valid: it must start with a province code such as 11 (Beijing) or 44 (Guangdong).</source>
        <translation>{label}不正确：开头必须是省份代码，如 11（北京）或 44（广东）。</translation>
    </message>
    <message>
        <source>{label} is not valid: the birth date in it ({value}) does not exist.</source>
        <translation>{label}不正确：其中的出生日期（{value}）不存在。</translation>
    </message>
    <message>
        <source>{label} is not valid: the last character (check digit) does not match the other 17; check the number again.</source>
        <translation>{label}不正确：最后一位校验码与前 17 位不符；请再核对一遍。</translation>
    </message>
    <message>
        <source>{label} is not valid: enter the account number as 8 to 32 digits (spaces allowed), e.g. 6222 0212 3456 7890.</source>
        <translation>{label}不正确：请输入 8 到 32 位数字的账号（可含空格），如 6222 0212 3456 7890。</translation>
    </message>
    <message>
        <source>{label} is out of range: enter a date between {min} and {max}.</source>
        <translation>{label}超出范围：请输入 {min} 至 {max} 之间的日期。</translation>
    </message>
    <message>
        <source>{label} is not a valid date: use YYYY-MM-DD, e.g. 2024-05-01.</source>
        <translation>{label}不是有效日期：请按 年-月-日 填写，如 2024-05-01。</translation>
    </message>
    <message>
        <source>{label} is not a valid date and time: use YYYY-MM-DD HH:MM, e.g. 2024-05-01 14:30.</source>
        <translation>{label}不是有效的日期时间：请按 年-月-日 时:分 填写，如 2024-05-01 14:30。</translation>
    </message>
    <message>
        <source>{label} is not a valid amount: enter a number with at most two decimals, e.g. 1234.50.</source>
        <translation>{label}不是有效金额：请输入最多两位小数的数字，如 1234.50。</translation>
    </message>
    <message>
        <source>{label} has too many decimals: use at most two, e.g. 1234.50.</source>
        <translation>{label}小数位太多：最多两位，如 1234.50。</translation>
    </message>
    <message>
        <source>{label} cannot be negative: enter 0 or more.</source>
        <translation>{label}不能为负数：请输入 0 或更大的数。</translation>
    </message>
    <message>
        <source>{label} must be a percentage from 0 to 100, e.g. 13 or 13%.</source>
        <translation>{label}须为 0 到 100 的百分比，如 13 或 13%。</translation>
    </message>
    <message>
        <source>{label} is too large: check the number of digits.</source>
        <translation>{label}太大：请检查位数。</translation>
    </message>
    <message>
        <source>{label} is not a whole number: enter digits only, e.g. 12.</source>
        <translation>{label}不是整数：请只输入数字，如 12。</translation>
    </message>
    <message>
        <source>{label} is too large: enter at most {max}.</source>
        <translation>{label}太大：最多为 {max}。</translation>
    </message>
    <message>
        <source>{label} must be at least {min}.</source>
        <translation>{label}不能小于 {min}。</translation>
    </message>
    <message>
        <source>{label} is too small: enter at least {min}.</source>
        <translation>{label}太小：至少为 {min}。</translation>
    </message>
    <message>
        <source>{label} is not a number: enter digits, e.g. 12.5.</source>
        <translation>{label}不是数字：请输入数字，如 12.5。</translation>
    </message>
    <message>
        <source>{label} must be yes or no.</source>
        <translation>{label}只能是“是”或“否”。</translation>
    </message>
    <message>
        <source>{label}: repeat daily, weekly, monthly or yearly.</source>
        <extracomment>weekly: the days (0 = Monday ... 6 = Sunday); empty: the start's weekday monthly on a day of the month (1-31, -1 = the last day) monthly on a weekday: (n, weekday), n in 1-4 or -1 (last)</extracomment>
        <translation>{label}：请选择按天、按周、按月或按年重复。</translation>
    </message>
    <message>
        <source>{label}: repeat every 1 to {max}.</source>
        <translation>{label}：重复间隔须在 1 到 {max} 之间。</translation>
    </message>
    <message>
        <source>{label}: end on a date or after a number of times, not both.</source>
        <translation>{label}：结束方式只能选一种：到某日期，或重复若干次。</translation>
    </message>
    <message>
        <source>{label}: the number of times is 1 to {max}.</source>
        <translation>{label}：次数须在 1 到 {max} 之间。</translation>
    </message>
    <message>
        <source>{label}: choose weekdays only for a weekly repeat.</source>
        <translation>{label}：只有按周重复才能选择星期几。</translation>
    </message>
    <message>
        <source>{label}: a monthly repeat is on a day of the month or on a weekday, not both.</source>
        <translation>{label}：按月重复只能选每月的某一天，或某个星期几，不能两者都选。</translation>
    </message>
    <message>
        <source>{label}: the day of the month is 1 to 31, or the last.</source>
        <translation>{label}：每月的日期须为 1 到 31，或最后一天。</translation>
    </message>
    <message>
        <source>{label}: choose the first to fourth or the last weekday of the month.</source>
        <translation>{label}：请选择当月第一到第四个或最后一个星期几。</translation>
    </message>
    <message>
        <source>{label}: "{rule}" is not a repeat rule crmdesk offers; write e.g. FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10.</source>
        <translation>{label}：“{rule}”不是 crmdesk 支持的重复规则；请写成例如 FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10。</translation>
    </message>
    <message>
        <source>{label}: give the task a due time first; it repeats from there.</source>
        <extracomment>how an edit of one occurrence of a recurring task applies: to this occurrence only ("this") or to it and every later one ("future"); see TaskService.update the fields an occurrence passes on to the next one session.info key: tasks completed in this unit of work (their next one is due)</extracomment>
        <translation>{label}：请先填写任务的到期时间，重复从该时间开始。</translation>
    </message>
    <message>
        <source>{label}: the end date is before the task is due; choose a later end.</source>
        <translation>{label}：结束日期早于任务到期时间，请选择更晚的结束日期。</translation>
    </message>
    <message>
        <source>{label} {name} is the name of status {status} already: choose another.</source>
        <translation>{label}“{name}”已是状态“{status}”的名称：请换一个。</translation>
    </message>
    <message>
        <source>{label} is not valid: write it as #RRGGBB, e.g. #2E7D32, or leave it empty.</source>
        <translation>{label}无效：请写成 #RRGGBB，例如 #2E7D32，或留空。</translation>
    </message>
    <message>
        <source>{label} is not valid: use up to 30 lower-case letters, digits and _, starting with a letter, e.g. on_site.</source>
        <translation>{label}无效：最多 30 个小写字母、数字或 _，以字母开头，例如 on_site。</translation>
    </message>
    <message>
        <source>{label} is required: give the status a name (in English, Chinese or both).</source>
        <translation>{label}为必填：请给状态起个名称（中文、英文或两者）。</translation>
    </message>
    <message>
        <source>{label}: {status} is where new tickets start, so it cannot be closed; make another status the default first.</source>
        <translation>{label}：“{status}”是新工单的初始状态，不能设为关闭类；请先把其他状态设为默认。</translation>
    </message>
    <message>
        <source>{label}: {status} is the last status that is not closed.</source>
        <translation>{label}：“{status}”是最后一个未关闭类的状态。</translation>
    </message>
    <message>
        <source>{label}: new tickets cannot start in {status}: choose a status that is not closed or retired.</source>
        <translation>{label}：新工单不能从“{status}”开始：请选择未关闭、未停用的状态。</translation>
    </message>
    <message>
        <source>{label} {status} is where new tickets start: make another status the default before retiring it.</source>
        <translation>{label}“{status}”是新工单的初始状态：请先把其他状态设为默认再停用。</translation>
    </message>
    <message>
        <source>{label} {status} is the last status that is not closed: add another before retiring it.</source>
        <translation>{label}“{status}”是最后一个未关闭类的状态：请先添加其他状态再停用。</translation>
    </message>
    <message>
        <source>Status {status} still holds {n} tickets: choose a status to move them to ({label}).</source>
        <translation>状态“{status}”下还有 {n} 个工单：请选择要转到的状态（{label}）。</translation>
    </message>
    <message>
        <source>{label}: choose a status other than {status} that is not retired.</source>
        <translation>{label}：请选择“{status}”以外、未停用的状态。</translation>
    </message>
    <message>
        <source>Status {status} was retired.</source>
        <translation>状态“{status}”已停用。</translation>
    </message>
    <message>
        <source>{label}: there is no role {role}; the roles are: {roles}.</source>
        <translation>{label}：没有角色“{role}”；角色有：{roles}。</translation>
    </message>
    <message>
        <source>{label}: a move goes from one status to another.</source>
        <translation>{label}：流转须从一个状态到另一个状态。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>{label}: {target} is retired. From {source} a ticket can move to: {allowed}.</source>
        <translation>{label}：“{target}”已停用。从“{source}”可转到：{allowed}。</translation>
    </message>
    <message>
        <source>{label}: only {roles} may move a ticket from {source} to {target}. From {source} you may move it to: {allowed}.</source>
        <translation>{label}：只有{roles}可以把工单从“{source}”转到“{target}”。从“{source}”您可以转到：{allowed}。</translation>
    </message>
    <message>
        <source>{label}: a ticket in {source} cannot move to {target}. From {source} you may move it to: {allowed}.</source>
        <translation>{label}：“{source}”的工单不能转到“{target}”。从“{source}”可转到：{allowed}。</translation>
    </message>
    <message>
        <source>{label}: a record in {current} cannot move to {target}; it may move to: {allowed}.</source>
        <translation>{label}：处于“{current}”的记录不能改为“{target}”；可以改为：{allowed}。</translation>
    </message>
    <message>
        <source>{label}: another record has this value already; enter a different one.</source>
        <extracomment>the kinds whose default, as typed in the definition, is what their editor shows</extracomment>
        <translation>{label}：已有其他记录使用此值，请输入其他值。</translation>
    </message>
    <message>
        <source>{label}: choose an existing record that you can see.</source>
        <translation>{label}：请选择一条您可以查看的现有记录。</translation>
    </message>
    <message>
        <source>{label}: {value} is not a score; give a whole number from 1 to 5.</source>
        <translation>{label}：{value} 不是有效评分，请填写 1 到 5 的整数。</translation>
    </message>
    <message>
        <source>{label}: there is no ticket {value} that you can see.</source>
        <translation>{label}：没有您可查看的工单 {value}。</translation>
    </message>
    <message>
        <source>{label}: ticket {value} is in row {first} already.</source>
        <translation>{label}：工单 {value} 已在第 {first} 行出现。</translation>
    </message>
    <message>
        <source>{label}: there is no product {name}; give its code or name.</source>
        <translation>{label}：没有产品 {name}，请填写产品编号或名称。</translation>
    </message>
    <message>
        <source>{label}: there is no customer {name}; give its code or name.</source>
        <translation>{label}：没有客户 {name}，请填写客户编号或名称。</translation>
    </message>
    <message>
        <source>{label}: there is no user {name}; give a user name.</source>
        <translation>{label}：没有用户 {name}，请填写用户名。</translation>
    </message>
    <message>
        <source>{label}: there is no team {name}; give a team's name.</source>
        <translation>{label}：没有团队 {name}，请填写团队名称。</translation>
    </message>
    <message>
        <source>{label}: give either a user or a team to assign the tickets to (not both).</source>
        <translation>{label}：请指定分派给一个用户或一个团队（二选一）。</translation>
    </message>
    <message>
        <source>{label}: choose a team from the list.</source>
        <translation>{label}：请从列表中选择团队。</translation>
    </message>
    <message>
        <source>{label}: choose an existing customer.</source>
        <translation>{label}：请选择已有客户。</translation>
    </message>
    <message>
        <source>{label}: there are no assignment rules yet.</source>
        <translation>{label}：还没有分派规则。</translation>
    </message>
    <message>
        <source>{label}: choose an order of this ticket's customer.</source>
        <translation>{label}：请选择该工单客户的订单。</translation>
    </message>
    <message>
        <source>{label}: choose an opportunity of this ticket's customer.</source>
        <translation>{label}：请选择该工单客户的商机。</translation>
    </message>
    <message>
        <source>{label}: choose an existing order that you can see.</source>
        <translation>{label}：请选择一个您有权查看的现有订单。</translation>
    </message>
    <message>
        <source>{label}: choose an existing opportunity that you can see.</source>
        <translation>{label}：请选择一个您有权查看的现有商机。</translation>
    </message>
    <message>
        <source>{label}: choose a record from the list.</source>
        <translation>{label}：请从列表中选择一条记录。</translation>
    </message>
    <message>
        <source>{label}: choose an existing supplier.</source>
        <translation>{label}：请选择已有的供应商。</translation>
    </message>
    <message>
        <source>{label}: choose an existing warehouse.</source>
        <translation>{label}：请选择已有的仓库。</translation>
    </message>
    <message>
        <source>{label}: this supplier is inactive; choose an active one, or make it active again on its form.</source>
        <translation>{label}：该供应商已停用；请选择启用的供应商，或在其资料中重新启用。</translation>
    </message>
    <message>
        <source>{label}: this warehouse is inactive; choose an active one, or make it active again on its form.</source>
        <translation>{label}：该仓库已停用；请选择启用的仓库，或在其资料中重新启用。</translation>
    </message>
    <message>
        <source>{label}: a void invoice no longer changes.</source>
        <translation>{label}：已作废的发票不能再修改。</translation>
    </message>
    <message>
        <source>{label} is before the invoice date: choose a later day.</source>
        <translation>{label}早于开票日期：请选择更晚的日期。</translation>
    </message>
    <message>
        <source>{label}: this payment pays invoices of its customer; move it to the recycle bin and record it for the other customer instead.</source>
        <translation>{label}：这笔收款已核销该客户的发票；请将其移到回收站，再为另一客户重新登记。</translation>
    </message>
    <message>
        <source>{label}: {allocated} of it pays invoices already; enter at least that much.</source>
        <translation>{label}：其中 {allocated} 已核销发票；请至少填写这个金额。</translation>
    </message>
    <message>
        <source>{label}: a quote is accepted by turning it into an order (Make order on the quote, or crmdesk quote order).</source>
        <extracomment>days a new quote is valid when no date is given a quote in these states may still change and become an order</extracomment>
        <translation>{label}：报价单转为订单后即为已接受（在报价单上点“生成订单”，或用 crmdesk quote order）。</translation>
    </message>
    <message>
        <source>{label}: this quote became an order and stays accepted.</source>
        <translation>{label}：此报价单已生成订单，保持已接受状态。</translation>
    </message>
    <message>
        <source>{label} is before the quote date: choose a later day.</source>
        <translation>{label}早于报价日期：请选择更晚的日期。</translation>
    </message>
    <message>
        <source>{label} {code} already exists in this warehouse: choose another code.</source>
        <translation>{label} {code} 在该仓库中已存在：请换一个编码。</translation>
    </message>
    <message>
        <source>{label}: choose receipt, issue, transfer or adjustment (the two halves of a transfer are made by the transfer).</source>
        <translation>{label}：请选择入库、出库、调拨或调整（调出、调入由调拨自动生成）。</translation>
    </message>
    <message>
        <source>{label} is required for a transfer: choose the warehouse the stock goes to.</source>
        <translation>调拨必须填写{label}：请选择调入仓库。</translation>
    </message>
</context>
<context>
    <name>Value</name>
    <message>
        <source>Yes</source>
        <extracomment>Kinds whose datasheet row carries the referenced record's name as ``&lt;key&gt;:name``.</extracomment>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>, </source>
        <extracomment>Joins the parts of a list (tags, names) in running text.</extracomment>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>Views</name>
    <message>
        <source>View name</source>
        <extracomment>the record types that have datasheets (and so views) the actor's own view (may rename, change, share, delete it)</extracomment>
        <translation>视图名称</translation>
    </message>
    <message>
        <source>{label}: type a name for the view.</source>
        <translation>{label}：请输入视图名称。</translation>
    </message>
    <message>
        <source>{label}: at most {n} characters.</source>
        <translation>{label}：最多 {n} 个字符。</translation>
    </message>
    <message>
        <source>View {id} does not exist or is not shared with you.</source>
        <translation>视图 {id} 不存在，或未共享给您。</translation>
    </message>
    <message>
        <source>{label}: you have a view named {name} already; choose another name.</source>
        <translation>{label}：您已有名为“{name}”的视图，请换一个名称。</translation>
    </message>
</context>
<context>
    <name>WorkPlans</name>
    <message>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>已审阅</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>拜访</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>{label}: {value} is not a period; choose week or month.</source>
        <translation>{label}：{value} 不是有效的期间；请选择 week（周）或 month（月）。</translation>
    </message>
    <message>
        <source>Week of {day}</source>
        <translation>{day} 起的一周</translation>
    </message>
    <message>
        <source>Month {month}</source>
        <translation>{month} 月</translation>
    </message>
    <message>
        <source>the week of {day}</source>
        <translation>{day} 起的一周</translation>
    </message>
    <message>
        <source>the month {month}</source>
        <translation>{month} 月</translation>
    </message>
    <message>
        <source>Work plan {id} does not exist or is not yours to see; see the list of plans for their numbers.</source>
        <extracomment>the actor's own plan (may change and submit it) the actor may review it now</extracomment>
        <translation>工作计划 {id} 不存在或你无权查看；编号请见计划列表。</translation>
    </message>
    <message>
        <source>You may see only your own and your team's work plans; choose yourself or a member of your team.</source>
        <translation>你只能查看自己和本组成员的工作计划；请选择自己或本组成员。</translation>
    </message>
    <message>
        <source>You may see only your own work plans; choose yourself, or ask your manager.</source>
        <translation>你只能查看自己的工作计划；请选择自己，或联系你的经理。</translation>
    </message>
    <message>
        <source>Goals</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>{label}: at most {n} characters; shorten the text.</source>
        <translation>{label}：最多 {n} 个字符，请缩短。</translation>
    </message>
    <message>
        <source>Only {owner} may change their own work plan; as a reviewer, add your remarks in the review comment.</source>
        <translation>只有 {owner} 本人可以修改这份工作计划；作为审阅人，请把意见写在审阅意见中。</translation>
    </message>
    <message>
        <source>The work plan for {period} has been reviewed and no longer changes; put new work in the next period's plan.</source>
        <translation>{period}的工作计划已审阅，不能再修改；新的工作请放入下一期计划。</translation>
    </message>
    <message>
        <source>{label}: you have a plan for {period} already (plan {id}); open it to change it.</source>
        <translation>{label}：你已有{period}的计划（计划 {id}）；请打开它进行修改。</translation>
    </message>
    <message>
        <source>Someone else changed this work plan after you opened it; refresh and try again.</source>
        <translation>你打开后，这份工作计划已被他人修改；请刷新后重试。</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>{label}: {value} is not a kind of planned work; choose visit, call or other.</source>
        <translation>{label}：{value} 不是有效的类型；请选择 visit（拜访）、call（电话）或 other（其他）。</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>{label}: choose the day (and time) of the planned work.</source>
        <translation>{label}：请选择计划事项的日期（和时间）。</translation>
    </message>
    <message>
        <source>{label}: choose a day from {first} to {last}, within the plan's period.</source>
        <translation>{label}：请选择计划期间内 {first} 至 {last} 之间的日期。</translation>
    </message>
    <message>
        <source>The work plan for {period} is submitted already; your manager reviews it next.</source>
        <translation>{period}的工作计划已提交，接下来由你的经理审阅。</translation>
    </message>
    <message>
        <source>{label}: write the plan's goals or add a planned visit or call before submitting.</source>
        <translation>{label}：提交前请写下计划目标，或添加一项拜访或电话。</translation>
    </message>
    <message>
        <source>You may not review your own work plan; your manager or an administrator reviews it.</source>
        <translation>你不能审阅自己的工作计划；应由你的经理或管理员审阅。</translation>
    </message>
    <message>
        <source>{owner} has not submitted the work plan for {period} yet; ask them to submit it first.</source>
        <translation>{owner} 还没有提交{period}的工作计划；请先让其提交。</translation>
    </message>
    <message>
        <source>Review comment</source>
        <translation>审阅意见</translation>
    </message>
    <message>
        <source>{label}: write what you think of the plan and how it went.</source>
        <translation>{label}：请写下你对计划及执行情况的看法。</translation>
    </message>
</context>
</TS>