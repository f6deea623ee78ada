<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>Backup</name>
    <message>
        <source>Copying the database</source>
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
        <source>crmdesk backs up .crmdb files. Back up a database server with its own tools (for PostgreSQL: pg_dump).</source>
        <translation>crmdesk 只备份 .crmdb 文件。数据库服务器请用其自带工具备份（PostgreSQL 用 pg_dump）。</translation>
    </message>
    <message>
        <source>The database could not be copied: {reason}.</source>
        <translation>无法复制数据库：{reason}。</translation>
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
</TS>