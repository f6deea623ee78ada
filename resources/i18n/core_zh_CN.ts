<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
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
        <source>Settings changed</source>
        <translation>修改设置</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>备注</translation>
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
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Database restored</source>
        <translation>恢复数据库</translation>
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
        <source>Custom field</source>
        <translation>自定义字段</translation>
    </message>
    <message>
        <source>Demo data: {n} customers (seed {seed})</source>
        <translation>演示数据：{n} 个客户（种子 {seed}）</translation>
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
        <source>Froze the account: {n} customer records opened within {minutes} minutes (limit {limit})</source>
        <extracomment>Why an account was frozen (the audit entry), per kind of access.</extracomment>
        <translation>冻结账户：{minutes} 分钟内打开了 {n} 条客户记录（上限 {limit}）</translation>
    </message>
    <message>
        <source>Froze the account: {n} sensitive fields shown within {minutes} minutes (limit {limit})</source>
        <translation>冻结账户：{minutes} 分钟内查看了 {n} 个敏感字段（上限 {limit}）</translation>
    </message>
    <message>
        <source>Froze the account: {n} customer records exported within {minutes} minutes (limit {limit})</source>
        <translation>冻结账户：{minutes} 分钟内导出了 {n} 条客户记录（上限 {limit}）</translation>
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
        <source>Win probability of stage {stage}</source>
        <translation>阶段“{stage}”的赢单概率</translation>
    </message>
    <message>
        <source>Changed the lines of {record}</source>
        <translation>修改 {record} 的明细</translation>
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
        <source>User</source>
        <translation>用户</translation>
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
        <extracomment>how list queries reach this actor's records (see :func:`for_lists`); a plan choice only: both forms of :func:`child_scope` select the same rows</extracomment>
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
        <source>The account {user} was frozen on {at} because too many customer records were opened or exported in a short time. Only an administrator can unfreeze it.</source>
        <translation>账户 {user} 因短时间内打开或导出过多客户资料，已于 {at} 被冻结。只有管理员可以解冻。</translation>
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
        <source>Your account has been frozen: more than {limit} customer records were opened or exported within {minutes} minutes. This protects the customer base. Ask an administrator to unfreeze your account.</source>
        <translation>您的账户已被冻结：{minutes} 分钟内打开或导出的客户资料超过 {limit} 条。这是为了保护客户资料。请联系管理员解冻。</translation>
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
        <extracomment>the field kinds that refer to other records (see RecordService.check_references) columns searched by the quick filter when the entity is not in the search index in the search index (quick filter uses it) (field, role-permission) - changing this field needs the permission user fields a new record gives to the actor when left empty date fields that are due dates: overdue once passed while the record is open</extracomment>
        <translation>{entity} {id} 不存在、已删除，或您无权查看。</translation>
    </message>
    <message>
        <source>Someone else saved this {entity} after you opened it. Compare both versions and save again.</source>
        <translation>在您打开之后，有人保存了这条{entity}。请对比两个版本后重新保存。</translation>
    </message>
    <message>
        <source>Sensitive fields need the database key: log in with your password.</source>
        <translation>敏感字段需要数据库密钥：请用您的密码登录。</translation>
    </message>
    <message>
        <source>A sensitive value could not be decrypted: the file may have been tampered with. Restore it from a backup.</source>
        <translation>无法解密敏感数据：文件可能被篡改。请从备份恢复。</translation>
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
        <extracomment>why the file is known to be damaged (``PRAGMA quick_check``, or a damaged page met while working); from then on nothing is written to it (:meth:`mark_damaged`)</extracomment>
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
        <source>Cannot connect to the database server: {reason}. Check the address, user and password.</source>
        <translation>无法连接数据库服务器：{reason}。请检查地址、用户名和密码。</translation>
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
        <source>Description</source>
        <translation>描述</translation>
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
        <translation>总金额</translation>
    </message>
    <message>
        <source>Salesperson</source>
        <translation>销售员</translation>
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
        <source>Start date</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>End date</source>
        <extracomment>customers may join a campaign that is planned or running (not one completed or cancelled)</extracomment>
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
        <source>Probability</source>
        <translation>赢单概率</translation>
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
        <source>Comment</source>
        <translation>备注</translation>
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
    <name>Jobs</name>
    <message>
        <source>Cancelled: nothing was changed.</source>
        <translation>已取消：没有做任何更改。</translation>
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
</context>
<context>
    <name>Section</name>
    <message>
        <source>Basic information</source>
        <extracomment>the headings a form groups its fields under, in order</extracomment>
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
        <source>Customer records a user may open or export within the window before the account is frozen</source>
        <translation>时间窗口内允许打开或导出的客户数，超过即冻结账户</translation>
    </message>
    <message>
        <source>Window of the anti-scraping guard, in minutes</source>
        <translation>防批量窃取的时间窗口（分钟）</translation>
    </message>
    <message>
        <source>Apply the anti-scraping guard to managers too</source>
        <translation>防批量窃取规则也适用于经理</translation>
    </message>
    <message>
        <source>Records a staff member may export at once (managers and administrators: no limit)</source>
        <translation>普通员工每次最多可导出的记录数（经理和管理员不限）</translation>
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
        <source>Random id that tells this database's backups apart (made on first use)</source>
        <translation>区分本数据库备份的随机标识（首次使用时生成）</translation>
    </message>
    <message>
        <source>The last backup, the last verified backup and the last failed attempt</source>
        <translation>最近一次备份、最近一次已校验的备份和最近一次失败的尝试</translation>
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
        <source>Last user name used to log in</source>
        <translation>上次登录的用户名</translation>
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
        <source>Team {name} exists already: choose another name.</source>
        <translation>团队 {name} 已存在：请换一个名称。</translation>
    </message>
    <message>
        <source>{label} is before the start date: choose a later date.</source>
        <translation>{label}早于开始日期：请选择更晚的日期。</translation>
    </message>
    <message>
        <source>{label} must be one of: {choices}.</source>
        <translation>{label}必须是以下之一：{choices}。</translation>
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
        <source>{label}: choose an existing product.</source>
        <translation>{label}：请选择一个现有产品。</translation>
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
        <source>{label} {code} is used by another product: choose another.</source>
        <translation>{label} {code} 已被其他产品使用：请换一个。</translation>
    </message>
    <message>
        <source>{label} is too large: check the quantity and the price.</source>
        <translation>{label}过大：请检查数量和单价。</translation>
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
</TS>