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
        <source>There is no record type {kind}: use one of {kinds} (crmdesk types FILE lists the designed ones).</source>
        <translation>没有记录类型 {kind}：请使用以下之一：{kinds}（crmdesk types FILE 可列出自定义的类型）。</translation>
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
        <translation>{option} {value} 不是日期：请写成 YYYY-MM-DD，如 2024-05-01。</translation>
    </message>
    <message>
        <source>--from {start} is after --to {end}: swap them.</source>
        <translation>--from {start} 晚于 --to {end}：请对调。</translation>
    </message>
    <message>
        <source>Wrote {file}: {pages} pages.</source>
        <translation>已生成 {file}：共 {pages} 页。</translation>
    </message>
    <message>
        <source>Say where to write: add --out FILE.xlsx (or FILE.csv).</source>
        <translation>请指定输出文件：加上 --out 文件.xlsx（或 文件.csv）。</translation>
    </message>
    <message>
        <source>Wrote {file}: {invoices} invoices, {payments} payments, {lines} journal lines.</source>
        <translation>已生成 {file}：{invoices} 张发票，{payments} 笔收款，{lines} 行分录。</translation>
    </message>
    <message>
        <source>Name the file of opening balances: crmdesk accounting opening FILE BALANCES.csv --user NAME.</source>
        <translation>请指定期初余额文件：crmdesk accounting opening FILE 期初.csv --user 用户名。</translation>
    </message>
    <message>
        <source>Imported {added} opening balances ({total}); {skipped} were there already.</source>
        <translation>已导入 {added} 笔期初余额（{total}）；{skipped} 笔已存在。</translation>
    </message>
    <message>
        <source>Name the statement: crmdesk bank import FILE STATEMENT.csv --user NAME.</source>
        <translation>请指定对账单文件：crmdesk bank import FILE 对账单.csv --user 用户名。</translation>
    </message>
    <message>
        <source>Imported {added} bank lines; {skipped} were there already.</source>
        <translation>已导入 {added} 行银行流水；{skipped} 行已存在。</translation>
    </message>
    <message>
        <source>Booked {n} payments: {numbers}.</source>
        <translation>已入账 {n} 笔收款：{numbers}。</translation>
    </message>
    <message>
        <source>Name the bank line by its number (crmdesk bank lines FILE lists them).</source>
        <translation>请给出银行流水的编号（crmdesk bank lines FILE 可列出）。</translation>
    </message>
    <message>
        <source>Bank line {line} matches no open invoice: say whose payment it is with --customer CODE (and --invoice NUMBER).</source>
        <translation>银行流水 {line} 没有匹配的未结发票：请用 --customer 客户编号（以及 --invoice 发票号）指明是谁的付款。</translation>
    </message>
    <message>
        <source>Booked payment {number}.</source>
        <translation>已入账收款 {number}。</translation>
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
        <source>There is no analysis {name}: choose one of {names}.</source>
        <translation>没有分析 {name}：请从以下选择：{names}。</translation>
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
        <source>The server's data before the restore is backed up in {path}.</source>
        <translation>恢复前服务器上的数据已备份到 {path}。</translation>
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
        <source>{kind}: the status follows from what is done with it: use {how}.</source>
        <translation>{kind}：状态由相关操作决定，请使用 {how}。</translation>
    </message>
    <message>
        <source>{kind} has no field {field} that can be set; fields: {fields}.</source>
        <translation>{kind} 没有可设置的字段 {field}；可用字段：{fields}。</translation>
    </message>
    <message>
        <source>--product: {problem}</source>
        <translation>--product：{problem}</translation>
    </message>
    <message>
        <source>Say what the line is: --product CODE and/or --description TEXT (with --quantity N and --price YUAN).</source>
        <translation>请说明明细内容：--product 产品编号 和/或 --description 文字（可加 --quantity 数量 和 --price 单价）。</translation>
    </message>
    <message>
        <source>--line {value}: write LINE=QUANTITY with the order's line from 1 to {count}, e.g. --line 1=2.</source>
        <translation>--line {value}：请写成 行号=数量，行号为订单的第 1 到 {count} 行，例如 --line 1=2。</translation>
    </message>
    <message>
        <source>Say why the invoice is voided: add --reason TEXT.</source>
        <translation>请说明作废原因：加上 --reason 原因。</translation>
    </message>
    <message>
        <source>Voided {number}.</source>
        <translation>已作废 {number}。</translation>
    </message>
    <message>
        <source>{field}: {problem}</source>
        <translation>{field}：{problem}</translation>
    </message>
    <message>
        <source>Say how much was paid: add --amount YUAN, e.g. --amount 1130.00.</source>
        <translation>请说明收款金额：加上 --amount 金额（元），例如 --amount 1130.00。</translation>
    </message>
    <message>
        <source>Say what to change: add FIELD=VALUE, e.g. city=上海市.</source>
        <extracomment>kinds whose status moves only through a command (issue 16), and the command</extracomment>
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
        <source>published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Missing {part}: write {usage}</source>
        <translation>缺少 {part}：请写成 {usage}</translation>
    </message>
    <message>
        <source>Too many values: write {usage}</source>
        <translation>参数过多：请写成 {usage}</translation>
    </message>
    <message>
        <source>Cannot read {file} ({reason}): give a UTF-8 Markdown file with the article's text.</source>
        <translation>无法读取 {file}（{reason}）：请提供包含文章正文的 UTF-8 Markdown 文件。</translation>
    </message>
    <message>
        <source>{file} is not UTF-8 text: save it as UTF-8 and try again.</source>
        <translation>{file} 不是 UTF-8 文本：请另存为 UTF-8 后重试。</translation>
    </message>
    <message>
        <source>Added {code} ({status}).</source>
        <translation>已添加 {code}（{status}）。</translation>
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
        <source>{customers} customers of {from_user} to {to_user}, with {opportunities} open opportunities, {tickets} open tickets and {tasks} open tasks</source>
        <translation>{from_user} 的 {customers} 个客户移交给 {to_user}，连同 {opportunities} 个未结商机、{tickets} 个未结工单和 {tasks} 个未完成任务</translation>
    </message>
    <message>
        <source>Not asking for confirmation without a terminal: add --yes to hand over the customers.</source>
        <translation>没有终端，无法询问确认：请加上 --yes 以移交客户。</translation>
    </message>
    <message>
        <source>To hand over: {what}</source>
        <translation>将要移交：{what}</translation>
    </message>
    <message>
        <source>Nothing to hand over.</source>
        <translation>没有可移交的客户。</translation>
    </message>
    <message>
        <source>Hand them over? [y/N] </source>
        <translation>确定移交吗？[y/N] </translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>未做任何更改。</translation>
    </message>
    <message>
        <source>Handed over: {what}</source>
        <translation>已移交：{what}</translation>
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
        <translation>{option} {value}：不是日期；请写成 YYYY-MM-DD，如 2024-01-31。</translation>
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
    <message>
        <source>{option} {value} is not a date: write YYYY-MM-DD, e.g. 2026-12-05.</source>
        <translation>{option} {value} 不是日期：请写成 YYYY-MM-DD，例如 2026-12-05。</translation>
    </message>
    <message>
        <source>Write crmdesk diary FILE --user U to list your notes, or crmdesk diary add FILE --user U --text TEXT to write one.</source>
        <translation>列出笔记请用 crmdesk diary FILE --user U，写笔记请用 crmdesk diary add FILE --user U --text 内容。</translation>
    </message>
    <message>
        <source>{option} is for writing a note: crmdesk diary add FILE --user U --text TEXT {option} ...</source>
        <translation>{option} 用于写笔记：crmdesk diary add FILE --user U --text 内容 {option} ...</translation>
    </message>
    <message>
        <source>Say what to write: add --text TEXT (and --title TITLE if you like).</source>
        <translation>请说明要写什么：加上 --text 内容（可再加 --title 标题）。</translation>
    </message>
    <message>
        <source>--from, --to and --search are for listing notes: crmdesk diary FILE --user U --from D --to D.</source>
        <translation>--from、--to 和 --search 用于列出笔记：crmdesk diary FILE --user U --from 日期 --to 日期。</translation>
    </message>
    <message>
        <source>--period {value}: not a date; write it as YYYY-MM-DD, e.g. 2024-01-31.</source>
        <translation>--period {value}：不是日期；请写成 YYYY-MM-DD，例如 2024-01-31。</translation>
    </message>
    <message>
        <source>Give the plan's number: write crmdesk plan {action} FILE ID --user U (see crmdesk plan list FILE).</source>
        <translation>请给出计划编号：crmdesk plan {action} FILE ID --user U（编号见 crmdesk plan list FILE）。</translation>
    </message>
    <message>
        <source>--period, --week, --month and --person are for crmdesk plan list.</source>
        <translation>--period、--week、--month 和 --person 只用于 crmdesk plan list。</translation>
    </message>
    <message>
        <source>--comment is for crmdesk plan review.</source>
        <translation>--comment 只用于 crmdesk plan review。</translation>
    </message>
    <message>
        <source>Missing --comment: write crmdesk plan review FILE ID --comment TEXT --user U.</source>
        <translation>缺少 --comment：请写 crmdesk plan review FILE ID --comment 文本 --user U。</translation>
    </message>
    <message>
        <source>Reviewed work plan {id}.</source>
        <translation>已审阅工作计划 {id}。</translation>
    </message>
    <message>
        <source>{option} {value} is not a time range: write it as HH:MM-HH:MM, e.g. 09:00-18:00.</source>
        <translation>{option} {value} 不是时间段：请写成 HH:MM-HH:MM，如 09:00-18:00。</translation>
    </message>
    <message>
        <source>{option} {value} is not a length of working time: write e.g. 90m, 2h, 1h30m or 1d.</source>
        <translation>{option} {value} 不是工作时长：请写如 90m、2h、1h30m 或 1d。</translation>
    </message>
    <message>
        <source>--day {value}: name weekdays as mon, tue, wed, thu, fri, sat, sun (comma-separated).</source>
        <translation>--day {value}：请用 mon、tue、wed、thu、fri、sat、sun 表示星期（用逗号分隔）。</translation>
    </message>
    <message>
        <source>{option} does not go with crmdesk sla {action}: see crmdesk sla --help.</source>
        <translation>{option} 不能用于 crmdesk sla {action}：请查看 crmdesk sla --help。</translation>
    </message>
    <message>
        <source>Unknown sla command {action}: use crmdesk sla FILE, or one of {actions}.</source>
        <translation>未知的 sla 命令 {action}：请使用 crmdesk sla FILE，或 {actions} 之一。</translation>
    </message>
    <message>
        <source>Write crmdesk sla hours FILE --day mon,tue (--hours 09:00-18:00 | --off) --user U.</source>
        <translation>请写 crmdesk sla hours FILE --day mon,tue (--hours 09:00-18:00 | --off) --user U。</translation>
    </message>
    <message>
        <source>{n} new breaches escalated.</source>
        <translation>已升级 {n} 个新的超时。</translation>
    </message>
    <message>
        <source>--at-risk {value} is not a percent: write a number from 1 to 99, e.g. 80.</source>
        <translation>--at-risk {value} 不是百分比：请写 1 到 99 的数字，如 80。</translation>
    </message>
    <message>
        <source>Write crmdesk sla set FILE --priority high --response 2h --resolution 1d --user U (or --at-risk 80).</source>
        <translation>请写 crmdesk sla set FILE --priority high --response 2h --resolution 1d --user U（或 --at-risk 80）。</translation>
    </message>
    <message>
        <source>Give --response, --resolution or both (or --clear), e.g. --response 2h.</source>
        <translation>请给出 --response、--resolution 或两者（或 --clear），如 --response 2h。</translation>
    </message>
    <message>
        <source>--remove {value}: that date is neither a holiday nor a working day here; see crmdesk sla holidays FILE.</source>
        <translation>--remove {value}：该日期既不是节假日也不是调休工作日；请查看 crmdesk sla holidays FILE。</translation>
    </message>
    <message>
        <source>Write it as: {usage}</source>
        <extracomment>option -&gt; help, added to the ``ticket`` parser unless another part added it already</extracomment>
        <translation>请这样写：{usage}</translation>
    </message>
    <message>
        <source>Rule {position}: {conditions} → {target}.</source>
        <translation>规则 {position}：{conditions} → {target}。</translation>
    </message>
    <message>
        <source>Imported {n} scores ({replaced} replaced); {tasks} follow-up tasks for low scores.</source>
        <translation>已导入 {n} 条评分（替换 {replaced} 条）；为低分创建 {tasks} 个回访任务。</translation>
    </message>
    <message>
        <source>--source {value}: write phone or survey.</source>
        <translation>--source {value}：请写 phone 或 survey。</translation>
    </message>
    <message>
        <source>Recorded {score}/5 for {code}.</source>
        <translation>已记录 {code} 的满意度 {score}/5。</translation>
    </message>
    <message>
        <source>A low score: follow-up task {id} made.</source>
        <translation>评分较低：已创建回访任务 {id}。</translation>
    </message>
    <message>
        <source>No satisfaction recorded for {code}.</source>
        <translation>{code} 还没有满意度记录。</translation>
    </message>
    <message>
        <source>Write: crmdesk types {action} FILE DEF.json --user NAME.</source>
        <translation>请这样写：crmdesk types {action} FILE DEF.json --user NAME。</translation>
    </message>
    <message>
        <source>Write: crmdesk types FILE --user NAME (or types export|import FILE DEF.json).</source>
        <translation>请这样写：crmdesk types FILE --user NAME（或 types export|import FILE DEF.json）。</translation>
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
        <source>{type}: created</source>
        <translation>{type}：已新建</translation>
    </message>
    <message>
        <source>{type}: updated</source>
        <translation>{type}：已更新</translation>
    </message>
    <message>
        <source>Wrote {n} record types to {file}.</source>
        <translation>已将 {n} 个记录类型写入 {file}。</translation>
    </message>
    <message>
        <source>record types created: {items}</source>
        <translation>新建记录类型：{items}</translation>
    </message>
    <message>
        <source>record types updated: {items}</source>
        <translation>更新记录类型：{items}</translation>
    </message>
    <message>
        <source>settings changed: {items}</source>
        <translation>修改设置：{items}</translation>
    </message>
    <message>
        <source>products added: {items}</source>
        <translation>新增产品：{items}</translation>
    </message>
    <message>
        <source>analyses added: {items}</source>
        <translation>新增分析：{items}</translation>
    </message>
    <message>
        <source>Template {template}: already applied, nothing changed.</source>
        <translation>模板 {template} 已应用过，未做任何更改。</translation>
    </message>
    <message>
        <source>Template {template} applied.</source>
        <translation>已应用模板 {template}。</translation>
    </message>
    <message>
        <source>Write: crmdesk template apply FILE NAME --user USER (NAME: {names} or a template file).</source>
        <translation>用法：crmdesk template apply 文件 名称 --user 用户（名称：{names}，或模板文件路径）。</translation>
    </message>
    <message>
        <source>crmdesk: interrupted: nothing was copied, and no file was made.</source>
        <translation>crmdesk：已中断：没有复制任何内容，也没有生成文件。</translation>
    </message>
    <message>
        <source>crmdesk: interrupted: nothing was copied; the server database was left as it was.</source>
        <translation>crmdesk：已中断：没有复制任何内容；服务器数据库保持原样。</translation>
    </message>
    <message>
        <source>Copied {rows} rows of {tables} tables to {target}: row counts match; audit chain verified ({entries} entries).</source>
        <translation>已将 {tables} 个表的 {rows} 行复制到 {target}：行数一致；审计链已验证（{entries} 条）。</translation>
    </message>
    <message>
        <source>--warehouse {value}: no warehouse has that code or name (crmdesk list FILE warehouse lists them).</source>
        <translation>--warehouse {value}：没有此编号或名称的仓库（crmdesk list FILE warehouse 可列出仓库）。</translation>
    </message>
    <message>
        <source>--line {item} is not valid: write LINE=QUANTITY, LINE being the line's number on the order (from 1) or its product code, e.g. 1=5.</source>
        <translation>--line {item} 无效：请写成 行=数量，行是订单明细的序号（从 1 开始）或产品编号，如 1=5。</translation>
    </message>
    <message>
        <source>Shipped {note}: {units} units of order {order}; the order is now {status}.</source>
        <translation>已发货 {note}：订单 {order} 的 {units} 件；订单现在为“{status}”。</translation>
    </message>
    <message>
        <source>Planned {note} for {day}: {units} units of order {order}.</source>
        <translation>已计划 {note}（{day}）：订单 {order} 的 {units} 件。</translation>
    </message>
    <message>
        <source>Order {order} is {status}: only a confirmed or partly shipped order reserves (crmdesk edit FILE order {order} status=confirmed confirms a draft).</source>
        <translation>订单 {order} 的状态为“{status}”：只有已确认或部分发货的订单才预留库存（crmdesk edit FILE order {order} status=confirmed 可确认草稿）。</translation>
    </message>
    <message>
        <source>Order {order} holds {units} units in stock.</source>
        <translation>订单 {order} 已预留库存 {units} 件。</translation>
    </message>
    <message>
        <source>--to {last} is before --from {first}: give a later end date.</source>
        <translation>--to {last} 早于 --from {first}：请给出更晚的结束日期。</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Say which product: add --product CODE, e.g. --product P1.</source>
        <translation>请指定产品：加上 --product 编号，例如 --product P1。</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>{n} stock levels, worth {value} in all.</source>
        <translation>共 {n} 条库存，总价值 {value}。</translation>
    </message>
    <message>
        <source>Say what to do: --out SHEET.xlsx (or .pdf) prints a stocktake sheet, --import FILLED.xlsx posts the counts of a filled-in one.</source>
        <translation>请说明要做什么：--out 盘点表.xlsx（或 .pdf）导出盘点表，--import 已填盘点表.xlsx 登记盘点结果。</translation>
    </message>
    <message>
        <source>Stocktake of {warehouse}: {n} differences found; nothing was changed (--dry-run).</source>
        <translation>{warehouse} 盘点：发现 {n} 项差异；未做任何更改（--dry-run）。</translation>
    </message>
    <message>
        <source>Stocktake of {warehouse}: {n} differences posted as adjustments.</source>
        <translation>{warehouse} 盘点：{n} 项差异已登记为调整。</translation>
    </message>
    <message>
        <source>{file}: a stocktake sheet is written as .xlsx (to fill in) or .pdf (to print).</source>
        <translation>{file}：盘点表只能保存为 .xlsx（用于填写）或 .pdf（用于打印）。</translation>
    </message>
    <message>
        <source>Wrote the stocktake sheet of {warehouse} to {file}.</source>
        <translation>已将 {warehouse} 的盘点表写入 {file}。</translation>
    </message>
</context>
</TS>