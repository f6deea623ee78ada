<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>Audit</name>
    <message>
        <source>Backup {file} ({reason}, {size}{encrypted}{verified})</source>
        <translation>备份 {file}（{reason}，{size}{encrypted}{verified}）</translation>
    </message>
    <message>
        <source>, encrypted</source>
        <translation>，已加密</translation>
    </message>
    <message>
        <source>, checked</source>
        <translation>，已检查</translation>
    </message>
    <message>
        <source>Restored {file} made {made}{safety}</source>
        <translation>已恢复 {made} 的备份 {file}{safety}</translation>
    </message>
    <message>
        <source>; the previous file was kept as {file}</source>
        <translation>；原文件另存为 {file}</translation>
    </message>
</context>
<context>
    <name>Backup</name>
    <message>
        <source>Copying the database</source>
        <extracomment>zstd's fast level -3: about 40 % less CPU than level 1 for archives about 25 % larger (a million customers: 1.1 GB of database in about 590 MB instead of 470 MB); a backup is CPU-bound on an office PC, and still half the size of the database</extracomment>
        <translation>正在复制数据库</translation>
    </message>
    <message>
        <source>Compressing and writing the backup</source>
        <translation>正在压缩并写入备份</translation>
    </message>
    <message>
        <source>Reading the backup</source>
        <translation>正在读取备份</translation>
    </message>
    <message>
        <source>Checking the database in the backup</source>
        <translation>正在检查备份中的数据库</translation>
    </message>
    <message>
        <source>Replacing the database file</source>
        <translation>正在替换数据库文件</translation>
    </message>
    <message>
        <source>Cancelled: nothing was changed.</source>
        <translation>已取消：没有做任何更改。</translation>
    </message>
    <message>
        <source>{name} is damaged or was altered ({reason}). It cannot be used; choose another backup.</source>
        <translation>{name} 已损坏或被改动（{reason}），无法使用，请选择其他备份。</translation>
    </message>
    <message>
        <source>the database copy is empty</source>
        <extracomment>the database's audit head when the copy began ({"id", "hash"}): a witness outside the file that its log had at least this entry (None: older backups)</extracomment>
        <translation>数据库副本为空</translation>
    </message>
    <message>
        <source>{name} is not a crmdesk backup. Choose a .crmbak file made by crmdesk.</source>
        <translation>{name} 不是 crmdesk 备份。请选择由 crmdesk 生成的 .crmbak 文件。</translation>
    </message>
    <message>
        <source>the file is incomplete</source>
        <translation>文件不完整</translation>
    </message>
    <message>
        <source>{name} was made by a newer crmdesk (backup format {version}). Install the latest crmdesk to use it.</source>
        <translation>{name} 由更新版本的 crmdesk 生成（备份格式 {version}）。请安装最新版 crmdesk 后再使用。</translation>
    </message>
    <message>
        <source>its layout is broken</source>
        <translation>文件结构已损坏</translation>
    </message>
    <message>
        <source>its manifest cannot be read</source>
        <translation>无法读取备份清单</translation>
    </message>
    <message>
        <source>{path} cannot be read: {reason}.</source>
        <translation>无法读取 {path}：{reason}。</translation>
    </message>
    <message>
        <source>{name} is encrypted: enter the password it was made with.</source>
        <translation>{name} 已加密：请输入备份时设置的密码。</translation>
    </message>
    <message>
        <source>its header cannot be read</source>
        <translation>无法读取文件头</translation>
    </message>
    <message>
        <source>The password for {name} is wrong. Enter the password given when the backup was made.</source>
        <translation>{name} 的密码不正确。请输入备份时设置的密码。</translation>
    </message>
    <message>
        <source>its last part is missing</source>
        <translation>缺少最后一部分</translation>
    </message>
    <message>
        <source>part {n} fails its authentication</source>
        <translation>第 {n} 部分未通过校验</translation>
    </message>
    <message>
        <source>part {n} cannot be decompressed</source>
        <translation>第 {n} 部分无法解压</translation>
    </message>
    <message>
        <source>its checksum does not match</source>
        <translation>校验和不匹配</translation>
    </message>
    <message>
        <source>it fails its authentication</source>
        <translation>未通过完整性校验</translation>
    </message>
    <message>
        <source>the database inside differs from its manifest</source>
        <translation>其中的数据库与备份清单不符</translation>
    </message>
    <message>
        <source>the database inside cannot be opened: {detail}</source>
        <translation>无法打开其中的数据库：{detail}</translation>
    </message>
    <message>
        <source>the database inside fails its integrity check: {detail}</source>
        <translation>其中的数据库未通过完整性检查：{detail}</translation>
    </message>
    <message>
        <source>the file inside is not a crmdesk database</source>
        <translation>其中的文件不是 crmdesk 数据库</translation>
    </message>
    <message>
        <source>{name} was made by a newer crmdesk (schema {schema}). Install the latest crmdesk to restore it.</source>
        <translation>{name} 由更新版本的 crmdesk 生成（结构版本 {schema}）。请安装最新版 crmdesk 后再恢复。</translation>
    </message>
    <message>
        <source>the database inside cannot be read: {detail}</source>
        <translation>无法读取其中的数据库：{detail}</translation>
    </message>
    <message>
        <source>Cannot unpack the backup into {folder}: {reason}. Make room there and try again.</source>
        <translation>无法将备份解压到 {folder}：{reason}。请腾出空间后重试。</translation>
    </message>
    <message>
        <source>Cannot write the backup to {folder}: {reason}. Check that the drive (USB stick, network share) is connected and has room, or choose another folder.</source>
        <translation>无法将备份写入 {folder}：{reason}。请检查该磁盘（U 盘、网络共享）是否已连接且空间充足，或选择其他文件夹。</translation>
    </message>
    <message>
        <source>The database could not be copied: {reason}.</source>
        <translation>无法复制数据库：{reason}。</translation>
    </message>
    <message>
        <source>A server database is restored from the command line: crmdesk restore BACKUP --to URL --user NAME.</source>
        <translation>服务器数据库请在命令行恢复：crmdesk restore 备份文件 --to URL --user 用户名。</translation>
    </message>
    <message>
        <source>A server database has no folder beside it: give the backup folder (crmdesk backup URL --to DIR) or set backup.dir.</source>
        <translation>服务器数据库没有所在文件夹：请指定备份文件夹（crmdesk backup URL --to 文件夹），或设置 backup.dir。</translation>
    </message>
    <message>
        <source>The backup password is empty: enter a password, or make the backup without encryption.</source>
        <translation>备份密码为空：请输入密码，或不加密备份。</translation>
    </message>
    <message>
        <source>The last backup failed ({at}): {reason}</source>
        <translation>上次备份失败（{at}）：{reason}</translation>
    </message>
    <message>
        <source>No backup yet</source>
        <translation>尚未备份</translation>
    </message>
    <message>
        <source>Last backup: {minutes} min ago</source>
        <translation>上次备份：{minutes} 分钟前</translation>
    </message>
    <message>
        <source>Last backup: {hours} h ago</source>
        <translation>上次备份：{hours} 小时前</translation>
    </message>
    <message>
        <source>Last backup: {days} days ago</source>
        <translation>上次备份：{days} 天前</translation>
    </message>
    <message>
        <source>{name} is open in crmdesk for {who}. Close it there, then restore again; nothing was changed.</source>
        <translation>{name} 正被 {who} 在 crmdesk 中打开。请先在那里关闭，再重新恢复；没有做任何更改。</translation>
    </message>
    <message>
        <source>{name} is open in another crmdesk window or program. Close it there, then restore again; nothing was changed.</source>
        <translation>{name} 已在另一个 crmdesk 窗口或程序中打开。请先在那里关闭，再重新恢复；没有做任何更改。</translation>
    </message>
    <message>
        <source>Log in as an administrator of {name} to replace it with a backup.</source>
        <translation>请以 {name} 的管理员身份登录，才能用备份替换它。</translation>
    </message>
    <message>
        <source>{name} is open in this window: restore it from the window's menu, or close it first.</source>
        <translation>{name} 已在本窗口中打开：请通过窗口菜单恢复，或先关闭它。</translation>
    </message>
    <message>
        <source>The folder cannot be reached now (a USB stick not plugged in, or a network share not connected?). Backups fail until it can.</source>
        <translation>现在无法访问该文件夹（U 盘没插好，或网络共享没连上？）。在能访问之前，备份会失败。</translation>
    </message>
    <message>
        <source>crmdesk may not write to this folder: choose another one.</source>
        <translation>crmdesk 无权写入该文件夹：请选择其他文件夹。</translation>
    </message>
    <message>
        <source>Free space: {free}.</source>
        <translation>可用空间：{free}。</translation>
    </message>
    <message>
        <source>The folder will be created at the first backup.</source>
        <translation>第一次备份时会自动创建该文件夹。</translation>
    </message>
    <message>
        <source>This folder is on the same disk as the database: if the disk fails, both are lost. A USB stick or a network share is safer.</source>
        <translation>该文件夹与数据库在同一块磁盘上：磁盘损坏时两者会一起丢失。放在 U 盘或网络共享上更安全。</translation>
    </message>
    <message>
        <source>Reading the backup folder ...</source>
        <translation>正在读取备份文件夹……</translation>
    </message>
    <message>
        <source>Encrypted backup</source>
        <translation>加密的备份</translation>
    </message>
    <message>
        <source>{name} is encrypted. Enter its password:</source>
        <translation>{name} 已加密。请输入它的密码：</translation>
    </message>
</context>
<context>
    <name>BackupActions</name>
    <message>
        <source>&amp;Backup</source>
        <extracomment>a backup made by hand finished (the BackupInfo), for the status bar and tests</extracomment>
        <translation>备份(&amp;B)</translation>
    </message>
    <message>
        <source>Back &amp;up now ...</source>
        <translation>立即备份(&amp;U)……</translation>
    </message>
    <message>
        <source>&amp;Restore from backup ...</source>
        <translation>从备份恢复(&amp;R)……</translation>
    </message>
    <message>
        <source>&amp;Backups ...</source>
        <translation>备份列表(&amp;B)……</translation>
    </message>
    <message>
        <source>Backup &amp;settings ...</source>
        <translation>备份设置(&amp;S)……</translation>
    </message>
    <message>
        <source>This file is open read-only: close the other window that has it open, then open it again to restore.</source>
        <translation>此文件以只读方式打开：请先关闭打开它的其他窗口，再重新打开此文件后恢复。</translation>
    </message>
    <message>
        <source>A server's backups are made on one PC with crmdesk backup URL --to DIR --user NAME (schedule it with cron or Task Scheduler), and restored with crmdesk restore BACKUP --to URL --user NAME.</source>
        <translation>服务器的备份在一台电脑上用 crmdesk backup URL --to 文件夹 --user 用户名 进行（用 cron 或任务计划程序定时），用 crmdesk restore 备份文件 --to URL --user 用户名 恢复。</translation>
    </message>
    <message>
        <source>{size}, {customers} customers, {users} users, encrypted.</source>
        <translation>{size}，{customers} 个客户，{users} 个用户，已加密。</translation>
    </message>
    <message>
        <source>{size}, {customers} customers, {users} users.</source>
        <translation>{size}，{customers} 个客户，{users} 个用户。</translation>
    </message>
    <message>
        <source>The backup is saved:</source>
        <translation>备份已保存：</translation>
    </message>
    <message>
        <source>It was read back and checked: it is complete.</source>
        <translation>已读回并检查：备份完整无误。</translation>
    </message>
    <message>
        <source>It was not checked (cancelled); check it under Backups.</source>
        <translation>未检查（已取消）；可在“备份列表”中检查。</translation>
    </message>
    <message>
        <source>{count} older backups were removed as the settings say.</source>
        <translation>按设置删除了 {count} 个较旧的备份。</translation>
    </message>
    <message>
        <source>Backup made</source>
        <translation>备份完成</translation>
    </message>
    <message>
        <source>Backing up ...</source>
        <translation>正在备份……</translation>
    </message>
    <message>
        <source>Restore a server</source>
        <translation>恢复服务器</translation>
    </message>
    <message>
        <source>A server's database is replaced from the command line, on a PC that has the backup: crmdesk restore BACKUP --to URL --user NAME. Ask everyone to close crmdesk first; the server's data before is backed up beside BACKUP.</source>
        <translation>服务器上的数据库请在存有备份的电脑上用命令行替换：crmdesk restore 备份文件 --to URL --user 用户名。请先让大家关闭 crmdesk；恢复前服务器上的数据会备份在该备份文件旁边。</translation>
    </message>
</context>
<context>
    <name>BackupListDialog</name>
    <message>
        <source>Backups</source>
        <translation>备份列表</translation>
    </message>
    <message>
        <source>Other folder ...</source>
        <translation>其他文件夹……</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Read the whole backup and check it, as a restore would. Changes nothing.</source>
        <translation>像恢复时一样完整读取并检查备份，不做任何更改。</translation>
    </message>
    <message>
        <source>Restore ...</source>
        <translation>恢复……</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>{count} backups, {size} in all</source>
        <translation>共 {count} 个备份，{size}</translation>
    </message>
    <message>
        <source>No backups of this database in this folder yet.</source>
        <translation>此文件夹中还没有该数据库的备份。</translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation>备份文件夹</translation>
    </message>
    <message>
        <source>Backup verified</source>
        <translation>备份检查通过</translation>
    </message>
    <message>
        <source>{name} is complete and undamaged: {customers} customers, {users} users, made {made}.</source>
        <translation>{name} 完整无损：{customers} 个客户，{users} 个用户，备份于 {made}。</translation>
    </message>
    <message>
        <source>Checking {name} ...</source>
        <translation>正在检查 {name}……</translation>
    </message>
</context>
<context>
    <name>BackupNowDialog</name>
    <message>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <source>A copy of the whole database, compressed, written in one piece and read back to check it. You can keep working meanwhile.</source>
        <translation>备份整个数据库：压缩后一次性写入，并读回检查。备份期间可以继续工作。</translation>
    </message>
    <message>
        <source>Choose ...</source>
        <translation>选择……</translation>
    </message>
    <message>
        <source>Encrypt the backup with a password</source>
        <translation>用密码加密备份</translation>
    </message>
    <message>
        <source>Without this password nobody can restore the backup, you included: keep it safe.</source>
        <translation>没有这个密码，任何人（包括您）都无法恢复该备份：请妥善保管。</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>文件夹：</translation>
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
        <source>Back up</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Back up to folder</source>
        <translation>备份到文件夹</translation>
    </message>
    <message>
        <source>Choose the folder for the backup.</source>
        <translation>请选择备份文件夹。</translation>
    </message>
    <message>
        <source>Enter the password for the backup.</source>
        <translation>请输入备份密码。</translation>
    </message>
    <message>
        <source>The two passwords differ: type them again.</source>
        <translation>两次输入的密码不一致：请重新输入。</translation>
    </message>
</context>
<context>
    <name>BackupScheduler</name>
    <message>
        <source>Backing up ...{percent} ({stage})</source>
        <extracomment>a check every this often (backup_due is two small reads) the first check after login busy (a dialog, a menu, other work): look again this much later the status bar's age is refreshed this often after a failed automatic backup, wait this long before the next attempt tests switch automatic backups off (like ErrorReporter.interactive) unless they test them an automatic backup ended: the BackupInfo, or the exception</extracomment>
        <translation>正在备份……{percent}（{stage}）</translation>
    </message>
    <message>
        <source>Backing up ...</source>
        <translation>正在备份……</translation>
    </message>
    <message>
        <source>Finishing the automatic backup ...</source>
        <translation>正在完成自动备份……</translation>
    </message>
    <message>
        <source>Backing up before closing ...</source>
        <translation>关闭前正在备份……</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
</context>
<context>
    <name>BackupSettingsDialog</name>
    <message>
        <source>Backup settings</source>
        <translation>备份设置</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>备份位置</translation>
    </message>
    <message>
        <source>Choose ...</source>
        <translation>选择……</translation>
    </message>
    <message>
        <source>Backup folder:</source>
        <translation>备份文件夹：</translation>
    </message>
    <message>
        <source>Empty: the folder "backups" beside the database. A USB stick or a network share also protects you when the computer fails.</source>
        <translation>留空：数据库旁边的“backups”文件夹。放在 U 盘或网络共享上，电脑坏了数据也不会丢。</translation>
    </message>
    <message>
        <source>When</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <source> hours</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>never while open</source>
        <translation>打开期间不备份</translation>
    </message>
    <message>
        <source>While open, every:</source>
        <translation>打开期间每隔：</translation>
    </message>
    <message>
        <source>Automatic backups are made only after changes, for whoever is logged in.</source>
        <translation>只有数据有改动时才自动备份，不论登录的是谁。</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>The newest:</source>
        <translation>最新的：</translation>
    </message>
    <message>
        <source> backups</source>
        <translation> 个备份</translation>
    </message>
    <message>
        <source>One a day for:</source>
        <translation>每天一个，保留：</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>One a week for:</source>
        <translation>每周一个，保留：</translation>
    </message>
    <message>
        <source> weeks</source>
        <translation> 周</translation>
    </message>
    <message>
        <source>One a month for:</source>
        <translation>每月一个，保留：</translation>
    </message>
    <message>
        <source> months</source>
        <translation> 个月</translation>
    </message>
    <message>
        <source>Older backups in the folder are deleted after each automatic backup; the newest verified one is always kept.</source>
        <translation>每次自动备份后会删除文件夹中更旧的备份；最新一个检查通过的备份始终保留。</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Warn in the status bar after:</source>
        <translation>超过以下时间在状态栏提醒：</translation>
    </message>
    <message>
        <source>&lt;b&gt;Who may do what:&lt;/b&gt; administrators change these settings and restore backups; administrators and managers back up by hand; automatic backups run for everyone.</source>
        <translation>&lt;b&gt;权限说明：&lt;/b&gt;管理员可以修改这些设置和恢复备份；管理员和经理可以手动备份；自动备份对所有用户都有效。</translation>
    </message>
    <message>
        <source>This file is open read-only: settings cannot be changed now.</source>
        <translation>此文件以只读方式打开：现在不能修改设置。</translation>
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
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation>备份文件夹</translation>
    </message>
</context>
<context>
    <name>BackupStatusLabel</name>
    <message>
        <source>The last backup failed. Check the backup folder (is the USB stick plugged in, the network share connected?) under File &gt; Backup &gt; Backup settings.</source>
        <translation>上次备份失败。请在“文件 &gt; 备份 &gt; 备份设置”中检查备份文件夹（U 盘插好了吗？网络共享连上了吗？）。</translation>
    </message>
    <message>
        <source>This database has never been backed up.</source>
        <translation>此数据库还从未备份过。</translation>
    </message>
    <message>
        <source>Changes of the last {hours} hours or more are not in any backup.</source>
        <translation>最近 {hours} 小时以上的改动还没有备份。</translation>
    </message>
    <message>
        <source>Choose File &gt; Backup &gt; Back up now.</source>
        <translation>请选择“文件 &gt; 备份 &gt; 立即备份”。</translation>
    </message>
    <message>
        <source>Ask an administrator or a manager to back up (File &gt; Backup &gt; Back up now).</source>
        <translation>请管理员或经理备份（“文件 &gt; 备份 &gt; 立即备份”）。</translation>
    </message>
</context>
<context>
    <name>BackupTable</name>
    <message>
        <source>Made</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Encrypted</source>
        <translation>加密</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>完好</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
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
        <source>Damaged</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <source>Not checked</source>
        <translation>未检查</translation>
    </message>
</context>
<context>
    <name>CheckPage</name>
    <message>
        <source>Check the backup</source>
        <translation>检查备份</translation>
    </message>
    <message>
        <source>The whole backup is read and checked before anything is changed. Your current file stays as it is.</source>
        <translation>在做任何更改之前，先完整读取并检查备份。当前文件保持不变。</translation>
    </message>
    <message>
        <source>Backup password:</source>
        <translation>备份密码：</translation>
    </message>
    <message>
        <source>Press Next to check. It takes a moment for a large file.</source>
        <translation>点“下一步”开始检查。文件较大时需要一点时间。</translation>
    </message>
    <message>
        <source>Backup:</source>
        <translation>备份：</translation>
    </message>
    <message>
        <source>Holds:</source>
        <translation>内容：</translation>
    </message>
    <message>
        <source>Made by:</source>
        <translation>备份人：</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>大小：</translation>
    </message>
    <message>
        <source>{customers} customers, {users} users</source>
        <translation>{customers} 个客户，{users} 个用户</translation>
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
        <source>Encrypted:</source>
        <translation>加密：</translation>
    </message>
    <message>
        <source>This backup is encrypted: enter its password.</source>
        <translation>此备份已加密：请输入它的密码。</translation>
    </message>
    <message>
        <source>Checking the backup ...</source>
        <translation>正在检查备份……</translation>
    </message>
</context>
<context>
    <name>ChoosePage</name>
    <message>
        <source>Choose a backup</source>
        <translation>选择备份</translation>
    </message>
    <message>
        <source>The backups of this database, newest first. Choose the one to go back to.</source>
        <translation>此数据库的备份，最新的在前。请选择要恢复到的那一个。</translation>
    </message>
    <message>
        <source>Other folder ...</source>
        <translation>其他文件夹……</translation>
    </message>
    <message>
        <source>Backup file ...</source>
        <translation>备份文件……</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <source>No backups of this database here. Choose another folder, or one backup file.</source>
        <translation>这里没有此数据库的备份。请选择其他文件夹或某个备份文件。</translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation>备份文件夹</translation>
    </message>
    <message>
        <source>Backup file</source>
        <translation>备份文件</translation>
    </message>
    <message>
        <source>crmdesk backups (*.crmbak)</source>
        <translation>crmdesk 备份 (*.crmbak)</translation>
    </message>
</context>
<context>
    <name>ConfirmPage</name>
    <message>
        <source>Restore?</source>
        <translation>确定恢复吗？</translation>
    </message>
    <message>
        <source>The backup is complete and undamaged.</source>
        <translation>备份完整无损。</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Changes made after the backup are not in it. Open tabs are closed (you are asked about unsaved changes); then you log in again: the users and passwords are those of the backup.</source>
        <translation>备份之后的改动不在其中。打开的标签页会被关闭（有未保存的改动会先询问）；然后需要重新登录：用户和密码以备份时为准。</translation>
    </message>
    <message>
        <source>Go back to:</source>
        <translation>恢复到：</translation>
    </message>
    <message>
        <source>the backup made &lt;b&gt;{made}&lt;/b&gt;, {customers} customers, {users} users</source>
        <translation>&lt;b&gt;{made}&lt;/b&gt; 的备份，{customers} 个客户，{users} 个用户</translation>
    </message>
    <message>
        <source>Replaces:</source>
        <translation>替换：</translation>
    </message>
    <message>
        <source>Current file kept as:</source>
        <translation>当前文件另存为：</translation>
    </message>
    <message>
        <source>beside it, so this can be undone</source>
        <translation>保存在同一文件夹中，需要时可以撤回</translation>
    </message>
    <message>
        <source>Careful: this backup is of another database ({name}), not of the file open now.</source>
        <translation>注意：这是另一个数据库（{name}）的备份，不是当前打开的文件的备份。</translation>
    </message>
    <message>
        <source>{name} is open in another crmdesk window or program. Close it there, then restore again; nothing was changed.</source>
        <translation>{name} 已在另一个 crmdesk 窗口或程序中打开。请先在那里关闭，再重新恢复；没有做任何更改。</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Restoring</source>
        <translation>正在恢复</translation>
    </message>
    <message>
        <source>Replacing the file ...</source>
        <translation>正在替换文件……</translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>已恢复</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Log in again to continue: the users and passwords are those of the backup.</source>
        <translation>请重新登录以继续：用户和密码以备份时为准。</translation>
    </message>
    <message>
        <source>Not restored</source>
        <translation>未恢复</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>{name} is open in crmdesk for {who}. Open it read-only, or close it there first.</source>
        <translation>{name} 正被 {who} 在 crmdesk 中打开。可以只读方式打开，或先在那里关闭。</translation>
    </message>
    <message>
        <source>{name} is open in another crmdesk window. Open it read-only, or close it there first.</source>
        <translation>{name} 已在另一个 crmdesk 窗口中打开。可以只读方式打开，或先在那里关闭。</translation>
    </message>
    <message>
        <source>Cannot create {path}: {reason}. crmdesk needs to write in the database's folder; open the file read-only, or copy it to a folder you may change.</source>
        <translation>无法创建 {path}：{reason}。crmdesk 需要在数据库所在文件夹中写入文件；请以只读方式打开，或把文件复制到您有写入权限的文件夹。</translation>
    </message>
</context>
<context>
    <name>RestoreWizard</name>
    <message>
        <source>Restore from backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Restoring ...</source>
        <translation>正在恢复……</translation>
    </message>
    <message>
        <source>Restored:</source>
        <translation>已恢复：</translation>
    </message>
    <message>
        <source>From the backup:</source>
        <translation>来自备份：</translation>
    </message>
    <message>
        <source>made &lt;b&gt;{made}&lt;/b&gt;, {customers} customers, {users} users</source>
        <translation>备份于 &lt;b&gt;{made}&lt;/b&gt;，{customers} 个客户，{users} 个用户</translation>
    </message>
    <message>
        <source>The file before is kept as:</source>
        <translation>恢复前的文件另存为：</translation>
    </message>
</context>
</TS>