<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>Cli</name>
    <message>
        <source>Not enough lines on standard input: give one password per line.</source>
        <extracomment>record types of the record commands</extracomment>
        <translation>标准输入的行数不够：请每行给出一个密码。</translation>
    </message>
    <message>
        <source>Repeat: </source>
        <translation>再输入一次：</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>No password given: set {env}, use --password-stdin, or run in a terminal.</source>
        <translation>没有提供密码：请设置环境变量 {env}，或使用 --password-stdin，或在终端中运行。</translation>
    </message>
    <message>
        <source>Run: crmdesk user passwd {file} --user {user} --password-stdin (current password, then the new one, one per line).</source>
        <translation>请运行：crmdesk user passwd {file} --user {user} --password-stdin（先输入当前密码，再输入新密码，每行一个）。</translation>
    </message>
    <message>
        <source>Say who you are: add --user NAME.</source>
        <translation>请说明您的身份：加上 --user 用户名。</translation>
    </message>
    <message>
        <source>Password for {user}: </source>
        <translation>{user} 的密码：</translation>
    </message>
    <message>
        <source>Password for the new administrator {user}: </source>
        <translation>新管理员 {user} 的密码：</translation>
    </message>
    <message>
        <source>Created {file}; log in as {user}.</source>
        <translation>已创建 {file}；请以 {user} 登录。</translation>
    </message>
    <message>
        <source>Created {file} with {n} customers in {s:.1f} s.</source>
        <translation>已创建 {file}，含 {n} 个客户，用时 {s:.1f} 秒。</translation>
    </message>
    <message>
        <source>Log in as admin, manager, staff1 or staff2 with the password {password}</source>
        <translation>可用 admin、manager、staff1 或 staff2 登录，密码为 {password}</translation>
    </message>
    <message>
        <source>New password: </source>
        <translation>新密码：</translation>
    </message>
    <message>
        <source>New password for {user}: </source>
        <translation>{user} 的新密码：</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <source>There is no team named {team}: create it first with crmdesk user team-add {file} {team} --user {user}</source>
        <translation>没有名为 {team} 的团队：请先用 crmdesk user team-add {file} {team} --user {user} 创建</translation>
    </message>
    <message>
        <source>Note: {note}</source>
        <translation>注意：{note}</translation>
    </message>
    <message>
        <source>Audit log broken: {reason}.</source>
        <translation>审计日志已损坏：{reason}。</translation>
    </message>
    <message>
        <source>Audit log intact: {n} entries verified.</source>
        <translation>审计日志完好：已校验 {n} 条记录。</translation>
    </message>
    <message>
        <source>No entry is signed yet: the log is unsigned history until an administrator logs in with this version.</source>
        <translation>尚无已签名的条目：在管理员用此版本登录之前，日志均为未签名的历史记录。</translation>
    </message>
    <message>
        <source>Signed from entry {id} on; the entries before it are unsigned history.</source>
        <translation>自第 {id} 条起已签名；此前的条目为未签名的历史记录。</translation>
    </message>
    <message>
        <source>Witnesses outside the file: {agreed} of {n} heads agree.</source>
        <translation>文件外的见证：{n} 个记录点中 {agreed} 个一致。</translation>
    </message>
    <message>
        <source>No witness outside the file was found (no backup with a recorded head, not seen on this computer): entries cut off the end would go unnoticed.</source>
        <translation>未找到文件外的见证（没有记录了日志末条的备份，本机也未见过此文件）：末尾被删掉的条目将无法发现。</translation>
    </message>
    <message>
        <source>Audit log broken at entry {id}: {reason}.</source>
        <translation>审计日志在第 {id} 条处被破坏：{reason}。</translation>
    </message>
    <message>
        <source>{kind} has no field {field}.</source>
        <translation>{kind} 没有字段 {field}。</translation>
    </message>
    <message>
        <source>{option} {value} is not a date: write it as YYYY-MM-DD, e.g. 2024-05-01.</source>
        <translation>{option} {value} 不是日期：请写成 年-月-日，如 2024-05-01。</translation>
    </message>
    <message>
        <source>--from {start} is after --to {end}: swap them.</source>
        <translation>--from {start} 晚于 --to {end}：请交换两个日期。</translation>
    </message>
    <message>
        <source>--from, --to and --owner are for analysis reports: filter a list with --filter, e.g. --filter created_at&gt;=2024-01-01 --filter owner_id=wang.</source>
        <translation>--from、--to 和 --owner 只用于分析报表：清单请用 --filter 筛选，如 --filter created_at&gt;=2024-01-01 --filter owner_id=wang。</translation>
    </message>
    <message>
        <source>Wrote {file}: {pages} pages in {s:.1f} s.</source>
        <translation>已生成 {file}：共 {pages} 页，用时 {s:.1f} 秒。</translation>
    </message>
    <message>
        <source>Password of the backup {name}: </source>
        <translation>备份 {name} 的密码：</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Password for the backup: </source>
        <translation>备份密码：</translation>
    </message>
    <message>
        <source>Backup written: {path} ({size}, {customers} customers, verified: {verified}).</source>
        <translation>备份已写入：{path}（{size}，{customers} 个客户，已校验：{verified}）。</translation>
    </message>
    <message>
        <source>Removed old backup {path}.</source>
        <translation>已删除旧备份 {path}。</translation>
    </message>
    <message>
        <source>Backup OK: checksum, integrity check, schema version and row counts verified.</source>
        <translation>备份完好：校验和、完整性检查、结构版本和记录数均已核对。</translation>
    </message>
    <message>
        <source>Restored {file} from {backup} (made {made}).</source>
        <translation>已从 {backup}（备份于 {made}）恢复 {file}。</translation>
    </message>
    <message>
        <source>The previous file is kept as {path}.</source>
        <translation>原文件已保留为 {path}。</translation>
    </message>
    <message>
        <source>Backups in {folder}:</source>
        <translation>{folder} 中的备份：</translation>
    </message>
    <message>
        <source>column {column} -&gt; {target}</source>
        <translation>列 {column} -&gt; {target}</translation>
    </message>
    <message>
        <source>row {row}, {column} ({value}): {reason}</source>
        <translation>第 {row} 行，{column}（{value}）：{reason}</translation>
    </message>
    <message>
        <source>... and {n} more problems.</source>
        <translation>……另有 {n} 个问题。</translation>
    </message>
    <message>
        <source>The problems are listed in {file}.</source>
        <translation>问题清单已保存到 {file}。</translation>
    </message>
    <message>
        <source>Checked {rows} rows: {ok} can be imported ({created} new, {updated} updated, {merged} merged, {skipped} duplicates skipped), {invalid} have problems. Nothing was changed.</source>
        <translation>已检查 {rows} 行：{ok} 行可以导入（新建 {created}，更新 {updated}，合并 {merged}，跳过重复 {skipped}），{invalid} 行有问题。未做任何更改。</translation>
    </message>
    <message>
        <source>Nothing was imported: {invalid} of {rows} rows have problems. Fix them, or use --mode valid-rows to import the other rows.</source>
        <translation>未导入任何数据：{rows} 行中有 {invalid} 行有问题。请修正后再导入，或使用 --mode valid-rows 只导入其余的行。</translation>
    </message>
    <message>
        <source>Imported {n} of {rows} rows from {file}: {created} new, {updated} updated, {merged} merged; {skipped} duplicates skipped, {invalid} rows with problems not imported.</source>
        <translation>已从 {file} 导入 {rows} 行中的 {n} 行：新建 {created}，更新 {updated}，合并 {merged}；跳过重复 {skipped} 行，{invalid} 行有问题未导入。</translation>
    </message>
    <message>
        <source>Exported {n} records to {file}.</source>
        <translation>已导出 {n} 条记录到 {file}。</translation>
    </message>
    <message>
        <source>Merge {id} undone: {code} is back.</source>
        <translation>已撤销合并 {id}：{code} 已恢复。</translation>
    </message>
    <message>
        <source>Name at least two customers, e.g. C000012 C000345.</source>
        <translation>请至少指定两个客户，例如 C000012 C000345。</translation>
    </message>
    <message>
        <source>{codes}: marked as not duplicates.</source>
        <translation>{codes}：已标记为不是重复客户。</translation>
    </message>
    <message>
        <source>{codes}: listed as possible duplicates again.</source>
        <translation>{codes}：已重新列为可能重复的客户。</translation>
    </message>
    <message>
        <source>{item} is not valid: write FIELD=CODE, e.g. mobile=C000012.</source>
        <translation>{item} 无效：请写成 字段=客户编号，例如 mobile=C000012。</translation>
    </message>
    <message>
        <source>Merged {n} customers into {code} (merge {ids}; undo with --undo ID).</source>
        <translation>已将 {n} 个客户合并到 {code}（合并编号 {ids}；可用 --undo 编号 撤销）。</translation>
    </message>
    <message>
        <source>crmdesk: interrupted.</source>
        <extracomment>the command groups, each registering its subcommands, in the order of --help options of the whole program, accepted before and after the command (``crmdesk --lang en list ...`` and ``crmdesk list ... --lang en``)</extracomment>
        <translation>crmdesk：已中断。</translation>
    </message>
    <message>
        <source>crmdesk: unexpected error ({error}); details are in {log}</source>
        <translation>crmdesk：发生意外错误（{error}）；详细信息见 {log}</translation>
    </message>
    <message>
        <source>{item} is not valid: write FIELD=VALUE, e.g. name=张三 or owner_id=wang.</source>
        <translation>{item} 无效：请写成 字段=值，如 name=张三 或 owner_id=wang。</translation>
    </message>
    <message>
        <source>{kind} has no custom field {field}; custom fields: {fields}.</source>
        <extracomment>field kinds whose FIELD=VALUE names another record (exactly one match, as an import resolves it: crmdesk.exchange.references)</extracomment>
        <translation>{kind} 没有自定义字段 {field}；可用的自定义字段：{fields}。</translation>
    </message>
    <message>
        <source>{kind} has no field {field} that can be set; fields: {fields}.</source>
        <translation>{kind} 没有可设置的字段 {field}；可用字段：{fields}。</translation>
    </message>
    <message>
        <source>{field}: {problem}</source>
        <translation>{field}：{problem}</translation>
    </message>
    <message>
        <source>Say what to change: add FIELD=VALUE, e.g. city=上海市.</source>
        <translation>请说明要修改什么：加上 字段=值，如 city=上海市。</translation>
    </message>
    <message>
        <source>Saved {code} (version {version}).</source>
        <translation>已保存 {code}（版本 {version}）。</translation>
    </message>
    <message>
        <source>Moved {code} to the recycle bin (crmdesk recycle restore {file} {kind} {id} --user NAME brings it back).</source>
        <translation>已将 {code} 移到回收站（用 crmdesk recycle restore {file} {kind} {id} --user 用户名 可恢复）。</translation>
    </message>
    <message>
        <source>Missing {part}: write {usage}</source>
        <translation>缺少 {part}：请写成 {usage}</translation>
    </message>
    <message>
        <source>There is no pipeline stage {stage}; see crmdesk stage list FILE.</source>
        <translation>没有销售阶段 {stage}；请用 crmdesk stage list FILE 查看。</translation>
    </message>
    <message>
        <source>won</source>
        <translation>赢单</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>输单</translation>
    </message>
    <message>
        <source>open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Moved {n} opportunities.</source>
        <translation>已移动 {n} 个商机。</translation>
    </message>
    <message>
        <source>Write: {usage}</source>
        <translation>请这样写：{usage}</translation>
    </message>
    <message>
        <source>{given} is not an attachment id: see crmdesk attachment list {file} KIND CODE.</source>
        <translation>{given} 不是附件编号：请用 crmdesk attachment list {file} KIND CODE 查看。</translation>
    </message>
    <message>
        <source>{kind} is not a record type: choose one of {kinds}.</source>
        <translation>{kind} 不是记录类型：请从 {kinds} 中选择。</translation>
    </message>
    <message>
        <source>Moved attachment {id} to the recycle bin (crmdesk attachment restore {file} {id} --user NAME brings it back).</source>
        <translation>已将附件 {id} 移到回收站（用 crmdesk attachment restore {file} {id} --user NAME 可恢复）。</translation>
    </message>
    <message>
        <source>Change {n} records? [y/N] </source>
        <translation>修改 {n} 条记录？[y/N] </translation>
    </message>
    <message>
        <source>--set {item} is not valid: write one FIELD=VALUE of the record type, e.g. --set intent_level=H (custom fields are set with crmdesk edit).</source>
        <translation>--set {item} 无效：请写该记录类型的一个 字段=值，例如 --set intent_level=H（自定义字段请用 crmdesk edit 修改）。</translation>
    </message>
    <message>
        <source>This will change {n} records.</source>
        <translation>将修改 {n} 条记录。</translation>
    </message>
    <message>
        <source>Nothing was changed: add --yes to change the {n} records without being asked.</source>
        <translation>未做任何修改：加上 --yes 可不经确认直接修改这 {n} 条记录。</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>未做任何修改。</translation>
    </message>
    <message>
        <source>Changed {changed} records ({unchanged} had the value already, {refused} refused).</source>
        <translation>已修改 {changed} 条记录（{unchanged} 条原本就是该值，{refused} 条未修改）。</translation>
    </message>
    <message>
        <source>Refused {n}: {reason}</source>
        <translation>未修改 {n} 条：{reason}</translation>
    </message>
    <message>
        <source>{option} {value}: not a date; write it as YYYY-MM-DD, e.g. 2024-01-31.</source>
        <translation>{option} {value}：不是日期，请写成 YYYY-MM-DD，例如 2024-01-31。</translation>
    </message>
    <message>
        <source>There is no ticket status {status}; see crmdesk status list FILE.</source>
        <translation>没有工单状态“{status}”；请查看 crmdesk status list FILE。</translation>
    </message>
    <message>
        <source>Moved {n} tickets.</source>
        <translation>已转移 {n} 个工单。</translation>
    </message>
    <message>
        <source>Who may make the move: {roles}.</source>
        <translation>可执行此流转的角色：{roles}。</translation>
    </message>
    <message>
        <source>Moved {code} to {status}.</source>
        <translation>已将 {code} 转到“{status}”。</translation>
    </message>
    <message>
        <source>opened</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>comment</source>
        <translation>备注</translation>
    </message>
</context>
</TS>