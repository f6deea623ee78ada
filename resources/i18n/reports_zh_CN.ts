<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>Analytics</name>
    <message>
        <source>(not set)</source>
        <translation>（未填写）</translation>
    </message>
    <message>
        <source>No close date</source>
        <translation>无预计成交日期</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>地区</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>Salesperson</source>
        <translation>销售员</translation>
    </message>
    <message>
        <source>Total</source>
        <extracomment>invoice statuses that are never receivable</extracomment>
        <translation>合计</translation>
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
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <source>Important value</source>
        <extracomment>The eight classic RFM segments (each measure above or below the average).</extracomment>
        <translation>重要价值客户</translation>
    </message>
    <message>
        <source>Important to develop</source>
        <translation>重要发展客户</translation>
    </message>
    <message>
        <source>Important to keep</source>
        <translation>重要保持客户</translation>
    </message>
    <message>
        <source>Important to win back</source>
        <translation>重要挽留客户</translation>
    </message>
    <message>
        <source>General value</source>
        <translation>一般价值客户</translation>
    </message>
    <message>
        <source>General to develop</source>
        <translation>一般发展客户</translation>
    </message>
    <message>
        <source>General to keep</source>
        <translation>一般保持客户</translation>
    </message>
    <message>
        <source>General to win back</source>
        <translation>一般挽留客户</translation>
    </message>
    <message>
        <source>A - key customers</source>
        <extracomment>ABC tiers: A while the customers ranked above hold less than 70 % of sales, B below 90 %.</extracomment>
        <translation>A 类 - 重点客户</translation>
    </message>
    <message>
        <source>B - regular customers</source>
        <translation>B 类 - 一般客户</translation>
    </message>
    <message>
        <source>C - small customers</source>
        <translation>C 类 - 小客户</translation>
    </message>
    <message>
        <source>Lead source</source>
        <translation>线索来源</translation>
    </message>
    <message>
        <source>Intent level</source>
        <translation>意向等级</translation>
    </message>
    <message>
        <source>All tickets</source>
        <extracomment>a status's category (open, waiting, closed); for a category row, its key open, waiting, closed: the statuses' categories, each with its tickets</extracomment>
        <translation>全部工单</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>销售额</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <source>Average order</source>
        <translation>平均客单价</translation>
    </message>
    <message>
        <source>New customers</source>
        <translation>新增客户</translation>
    </message>
    <message>
        <source>Open pipeline</source>
        <translation>在谈商机金额</translation>
    </message>
    <message>
        <source>Weighted forecast</source>
        <translation>加权预测</translation>
    </message>
    <message>
        <source>Win rate</source>
        <translation>赢单率</translation>
    </message>
    <message>
        <source>Overdue follow-ups</source>
        <translation>逾期跟进</translation>
    </message>
    <message>
        <source>Open tickets</source>
        <translation>未结工单</translation>
    </message>
    <message>
        <source>Average time to resolve</source>
        <translation>平均解决时长</translation>
    </message>
    <message>
        <source>Receivables</source>
        <translation>应收账款</translation>
    </message>
    <message>
        <source>Overdue receivables</source>
        <translation>逾期应收</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户数</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <source>Days since last order</source>
        <translation>距上次下单天数</translation>
    </message>
    <message>
        <source>Segment key</source>
        <translation>分群代码</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>客户分群</translation>
    </message>
    <message>
        <source>Average days since last order</source>
        <translation>平均距上次下单天数</translation>
    </message>
    <message>
        <source>Average orders</source>
        <translation>平均订单数</translation>
    </message>
    <message>
        <source>Cumulative share</source>
        <translation>累计占比</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Stage key</source>
        <translation>阶段代码</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>赢单概率</translation>
    </message>
    <message>
        <source>Opportunities</source>
        <translation>商机数</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Weighted amount</source>
        <translation>加权金额</translation>
    </message>
    <message>
        <source>Expected close</source>
        <translation>预计成交</translation>
    </message>
    <message>
        <source>Open opportunities</source>
        <translation>在谈商机</translation>
    </message>
    <message>
        <source>Open amount</source>
        <translation>在谈金额</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>赢单</translation>
    </message>
    <message>
        <source>Won amount</source>
        <translation>赢单金额</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Leads</source>
        <translation>线索数</translation>
    </message>
    <message>
        <source>Converted</source>
        <translation>已成交</translation>
    </message>
    <message>
        <source>Conversion rate</source>
        <translation>转化率</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Open tasks</source>
        <translation>未完成任务</translation>
    </message>
    <message>
        <source>Overdue tasks</source>
        <translation>逾期任务</translation>
    </message>
    <message>
        <source>Due in period</source>
        <translation>期内到期</translation>
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
        <source>On-time rate</source>
        <translation>按时率</translation>
    </message>
    <message>
        <source>Customers overdue for follow-up</source>
        <translation>逾期未跟进客户</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>计划事项</translation>
    </message>
    <message>
        <source>Planned done</source>
        <translation>计划已完成</translation>
    </message>
    <message>
        <source>Plan done</source>
        <translation>计划完成率</translation>
    </message>
    <message>
        <source>Customers past cadence</source>
        <translation>超出跟进周期的客户</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>(nobody)</source>
        <translation>（无人）</translation>
    </message>
    <message>
        <source>Service-level compliance</source>
        <translation>服务级别达标情况</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>Met</source>
        <translation>达标</translation>
    </message>
    <message>
        <source>Breached</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Met %</source>
        <translation>达标率</translation>
    </message>
    <message>
        <source>Most used knowledge base articles</source>
        <translation>最常用的知识库文章</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>文章</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>工单数</translation>
    </message>
    <message>
        <source>Not due</source>
        <translation>未到期</translation>
    </message>
    <message>
        <source>1-30 days</source>
        <translation>1-30 天</translation>
    </message>
    <message>
        <source>31-60 days</source>
        <translation>31-60 天</translation>
    </message>
    <message>
        <source>61-90 days</source>
        <translation>61-90 天</translation>
    </message>
    <message>
        <source>Over 90 days</source>
        <translation>90 天以上</translation>
    </message>
    <message>
        <source>Open invoices</source>
        <translation>未结发票</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未收</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>预收余额</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>应收余额</translation>
    </message>
    <message>
        <source>Oldest overdue (days)</source>
        <translation>最长逾期（天）</translation>
    </message>
    <message>
        <source>Receivables aging per customer</source>
        <translation>应收账龄（按客户）</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Receivables aging per owner</source>
        <translation>应收账龄（按负责人）</translation>
    </message>
    <message>
        <source>Tickets by category</source>
        <translation>按状态类别统计工单</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <source>Average hours to resolve</source>
        <translation>平均解决小时数</translation>
    </message>
    <message>
        <source>Median hours to resolve</source>
        <translation>解决小时数中位数</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Key figures</source>
        <translation>关键指标</translation>
    </message>
    <message>
        <source>RFM segment of each buying customer</source>
        <translation>每个成交客户的 RFM 分群</translation>
    </message>
    <message>
        <source>RFM segments</source>
        <translation>RFM 客户分群</translation>
    </message>
    <message>
        <source>ABC tier of each buying customer</source>
        <translation>每个成交客户的 ABC 等级</translation>
    </message>
    <message>
        <source>ABC tiers</source>
        <translation>ABC 客户等级</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Sales and average order by industry</source>
        <translation>各行业销售额与客单价</translation>
    </message>
    <message>
        <source>Sales by region (province)</source>
        <translation>各地区（省份）销售额</translation>
    </message>
    <message>
        <source>Sales by city</source>
        <translation>各城市销售额</translation>
    </message>
    <message>
        <source>Sales by salesperson</source>
        <translation>各销售员销售额</translation>
    </message>
    <message>
        <source>Sales by month</source>
        <translation>月度销售额</translation>
    </message>
    <message>
        <source>Sales by channel</source>
        <translation>按渠道销售</translation>
    </message>
    <message>
        <source>Sales by lead source</source>
        <translation>按线索来源销售</translation>
    </message>
    <message>
        <source>Opportunity funnel by stage</source>
        <translation>商机漏斗（按阶段）</translation>
    </message>
    <message>
        <source>Weighted forecast by expected close month</source>
        <translation>按预计成交月份的加权预测</translation>
    </message>
    <message>
        <source>Conversion rate by lead source</source>
        <translation>各客户来源转化率</translation>
    </message>
    <message>
        <source>Conversion rate by intent level</source>
        <translation>各意向等级转化率</translation>
    </message>
    <message>
        <source>Follow-up compliance per assignee</source>
        <extracomment>plan vs done: tasks of work plans due in the period, done, done on time customers whose last contact is older than their cadence (core/services/cadence.py)</extracomment>
        <translation>各负责人跟进执行情况</translation>
    </message>
    <message>
        <source>Tickets by status</source>
        <translation>各状态工单数</translation>
    </message>
    <message>
        <source>Tickets by priority</source>
        <translation>各优先级工单数</translation>
    </message>
    <message>
        <source>Time to resolve tickets</source>
        <translation>工单解决时长</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Customer satisfaction (CSAT)</source>
        <translation>客户满意度（CSAT）</translation>
    </message>
    <message>
        <source>By</source>
        <translation>维度</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Responses</source>
        <translation>评价数</translation>
    </message>
    <message>
        <source>Satisfied (4-5)</source>
        <translation>满意（4-5 分）</translation>
    </message>
    <message>
        <source>CSAT</source>
        <translation>满意率</translation>
    </message>
    <message>
        <source>Average score</source>
        <translation>平均分</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>成本</translation>
    </message>
    <message>
        <source>Gross margin</source>
        <translation>毛利</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>毛利率</translation>
    </message>
    <message>
        <source>Best sellers and gross margin</source>
        <translation>畅销产品与毛利</translation>
    </message>
    <message>
        <source>Sales and gross margin by product category</source>
        <translation>按产品类别的销售额与毛利</translation>
    </message>
    <message>
        <source>Slow movers: in stock, nothing issued</source>
        <translation>滞销品：有库存、无出库</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>现存</translation>
    </message>
    <message>
        <source>Stock value</source>
        <translation>库存金额</translation>
    </message>
    <message>
        <source>Last issued</source>
        <translation>最近出库</translation>
    </message>
    <message>
        <source>Days since</source>
        <translation>距今天数</translation>
    </message>
    <message>
        <source>Stock turnover</source>
        <translation>库存周转</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>出库数量</translation>
    </message>
    <message>
        <source>Cost of issues</source>
        <translation>出库成本</translation>
    </message>
    <message>
        <source>Average stock</source>
        <translation>平均库存</translation>
    </message>
    <message>
        <source>Turnover</source>
        <translation>周转次数</translation>
    </message>
    <message>
        <source>Days of stock</source>
        <translation>库存可用天数</translation>
    </message>
    <message>
        <source>Opening balance</source>
        <translation>期初余额</translation>
    </message>
    <message>
        <source>Invoice, due {due}</source>
        <translation>发票，{due} 到期</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>收款</translation>
    </message>
</context>
<context>
    <name>Audit</name>
    <message>
        <source>{analysis}: {n} rows</source>
        <translation>{analysis}：{n} 行</translation>
    </message>
    <message>
        <source>customer {code}</source>
        <translation>客户 {code}</translation>
    </message>
    <message>
        <source>{report}: {summary}</source>
        <translation>{report}：{summary}</translation>
    </message>
    <message>
        <source>{report}</source>
        <translation>{report}</translation>
    </message>
    <message>
        <source>{n} owners, as of {day}</source>
        <translation>{n} 位负责人，截至 {day}</translation>
    </message>
    <message>
        <source>{stages} stages, {months} months</source>
        <translation>{stages} 个阶段，{months} 个月</translation>
    </message>
    <message>
        <source>{entity}, {n} rows</source>
        <translation>{entity}，{n} 行</translation>
    </message>
    <message>
        <source>{n} buying customers</source>
        <translation>{n} 个购买客户</translation>
    </message>
    <message>
        <source>{n} tickets</source>
        <translation>{n} 个工单</translation>
    </message>
    <message>
        <source>ticket {code}</source>
        <translation>工单 {code}</translation>
    </message>
    <message>
        <source>{n} analyses</source>
        <translation>{n} 项分析</translation>
    </message>
    <message>
        <source>Statement of account of {customer}</source>
        <translation>客户 {customer} 的对账单</translation>
    </message>
    <message>
        <source>{number}</source>
        <translation>{number}</translation>
    </message>
    <message>
        <source>{n} customers with receivables</source>
        <translation>{n} 个客户有应收款</translation>
    </message>
    <message>
        <source>{n} entries</source>
        <translation>{n} 条记录</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>Dashboard</source>
        <extracomment>the largest groups shown in the industry and region charts what the dashboard recomputes after another view wrote one of these a new set of figures is shown (tests wait for it)</extracomment>
        <translation>仪表盘</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Print ...</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Print the sales analysis for this period (Ctrl+P)</source>
        <translation>打印本期销售分析（Ctrl+P）</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>期间：</translation>
    </message>
    <message>
        <source>Owner:</source>
        <translation>负责人：</translation>
    </message>
    <message>
        <source>Sales by month</source>
        <translation>月度销售额</translation>
    </message>
    <message>
        <source>Sales by industry</source>
        <translation>各行业销售额</translation>
    </message>
    <message>
        <source>Sales by region</source>
        <translation>各地区销售额</translation>
    </message>
    <message>
        <source>Opportunity funnel</source>
        <translation>商机漏斗</translation>
    </message>
    <message>
        <source>Weighted forecast by close month</source>
        <translation>按预计成交月的加权预测</translation>
    </message>
    <message>
        <source>Customer segments (RFM)</source>
        <translation>客户分群（RFM）</translation>
    </message>
    <message>
        <source>Tickets by status</source>
        <translation>工单状态分布</translation>
    </message>
    <message>
        <source>Receivables by age</source>
        <translation>应收账龄</translation>
    </message>
    <message>
        <source>Sales by channel</source>
        <translation>按渠道销售</translation>
    </message>
    <message>
        <source>Computing ...</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <source>Computing the figures ...</source>
        <translation>正在计算各项指标…</translation>
    </message>
    <message>
        <source>All records</source>
        <translation>全部记录</translation>
    </message>
    <message>
        <source>Your team's records</source>
        <translation>本团队的记录</translation>
    </message>
    <message>
        <source>Your own records</source>
        <translation>本人的记录</translation>
    </message>
    <message>
        <source>all time</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <source>{total} · {orders} orders</source>
        <translation>{total} · {orders} 单</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>销售额</translation>
    </message>
    <message>
        <source>No sales in this period.</source>
        <translation>本期间没有销售。</translation>
    </message>
    <message>
        <source>Top {n} of {total}</source>
        <translation>前 {n} 名（共 {total} 项）</translation>
    </message>
    <message>
        <source>{n} opportunities · {amount} · weighted {weighted}</source>
        <translation>{n} 个商机 · {amount} · 加权 {weighted}</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Weighted</source>
        <translation>加权金额</translation>
    </message>
    <message>
        <source>No opportunities close in this period.</source>
        <translation>本期间没有预计成交的商机。</translation>
    </message>
    <message>
        <source>Won: {amount} ({n})</source>
        <translation>已赢单：{amount}（{n} 个）</translation>
    </message>
    <message>
        <source>Open: {amount} ({n}), weighted {weighted}</source>
        <translation>进行中：{amount}（{n} 个），加权 {weighted}</translation>
    </message>
    <message>
        <source>No date</source>
        <translation>无日期</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>已赢单</translation>
    </message>
    <message>
        <source>Weighted open</source>
        <translation>进行中（加权）</translation>
    </message>
    <message>
        <source>{n} customers · {total}</source>
        <translation>{n} 位客户 · {total}</translation>
    </message>
    <message>
        <source>No customers bought in this period.</source>
        <translation>本期间没有客户下单。</translation>
    </message>
    <message>
        <source>{n} tickets</source>
        <translation>{n} 张工单</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>工单数</translation>
    </message>
    <message>
        <source>No tickets were opened in this period.</source>
        <translation>本期间没有新建工单。</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>There is no record type {key}: crmdesk types FILE lists them.</source>
        <translation>没有记录类型 {key}：可用 crmdesk types FILE 查看。</translation>
    </message>
    <message>
        <source>{entity} {id} does not exist, was deleted, or is not yours to see.</source>
        <translation>{entity} {id} 不存在、已删除，或您无权查看。</translation>
    </message>
</context>
<context>
    <name>Field</name>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
</context>
<context>
    <name>FigureCard</name>
    <message>
        <source>{figure}: {value}. Click to see the records.</source>
        <extracomment>the analytics' names of the key figures (context Analytics), shown while computing</extracomment>
        <translation>{figure}：{value}。点击查看明细记录。</translation>
    </message>
</context>
<context>
    <name>OwnerPicker</name>
    <message>
        <source>Your own customers and records</source>
        <translation>本人的客户和记录</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>全部人员</translation>
    </message>
    <message>
        <source>Whose customers, sales and tasks to count</source>
        <translation>统计哪位负责人的客户、销售和任务</translation>
    </message>
</context>
<context>
    <name>PeriodPicker</name>
    <message>
        <source>This month</source>
        <extracomment>the choices of the period picker, in order</extracomment>
        <translation>本月</translation>
    </message>
    <message>
        <source>This quarter</source>
        <translation>本季度</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>本年</translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation>最近 12 个月</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <source>From ... to ...</source>
        <translation>自定义起止日期</translation>
    </message>
    <message>
        <source>The period the figures cover</source>
        <translation>统计的时间范围</translation>
    </message>
</context>
<context>
    <name>PrintPreview</name>
    <message>
        <source>The printer could not be started. Check that it is switched on and connected, then try again.</source>
        <extracomment>Printing draws each page at the printer's resolution, at most this.</extracomment>
        <translation>无法启动打印机。请检查打印机已开机并已连接，然后重试。</translation>
    </message>
    <message>
        <source>The printer stopped after {n} pages.</source>
        <translation>打印机在打印 {n} 页后停止了。</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>The PDF could not be saved as {path}: {reason}. Choose another folder or file name.</source>
        <translation>无法将 PDF 保存为 {path}：{reason}。请换一个文件夹或文件名。</translation>
    </message>
    <message>
        <source>Building the report “{title}” ...</source>
        <translation>正在生成报表“{title}”…</translation>
    </message>
    <message>
        <source>The report could not be written to {path}: {reason}. Choose another folder or file name.</source>
        <translation>无法将报表写入 {path}：{reason}。请换一个文件夹或文件名。</translation>
    </message>
    <message>
        <source>Print {title}</source>
        <translation>打印{title}</translation>
    </message>
</context>
<context>
    <name>ReportPreview</name>
    <message>
        <source>Print preview: {title}</source>
        <translation>打印预览：{title}</translation>
    </message>
    <message>
        <source>Save as PDF ...</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>Save the report as a PDF file</source>
        <translation>将报表保存为 PDF 文件</translation>
    </message>
    <message>
        <source>The preview shows the first {shown} of {total} pages. Print and Save as PDF include every page.</source>
        <translation>预览仅显示前 {shown} 页（共 {total} 页）。打印和另存为 PDF 包含全部页面。</translation>
    </message>
</context>
<context>
    <name>Reports</name>
    <message>
        <source>Say which customer to print: give its code, e.g. C000012.</source>
        <translation>请指定要打印的客户：填写客户编号，如 C000012。</translation>
    </message>
    <message>
        <source>Reading the records…</source>
        <translation>正在读取记录…</translation>
    </message>
    <message>
        <source>Customer card: {name}</source>
        <translation>客户档案：{name}</translation>
    </message>
    <message>
        <source>Customers past their cadence ({n})</source>
        <translation>超出跟进周期的客户（{n}）</translation>
    </message>
    <message>
        <source>None.</source>
        <translation>无。</translation>
    </message>
    <message>
        <source>Cadence</source>
        <translation>跟进周期</translation>
    </message>
    <message>
        <source>Days over</source>
        <translation>超出天数</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未联系</translation>
    </message>
    <message>
        <source>Showing {shown} of {total}.</source>
        <translation>显示 {total} 条中的 {shown} 条。</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>销售额</translation>
    </message>
    <message>
        <source>Open opportunities</source>
        <translation>在谈商机</translation>
    </message>
    <message>
        <source>Open tickets</source>
        <translation>未结工单</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>最近联系</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>基本资料</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Recent interactions</source>
        <translation>近期跟进记录</translation>
    </message>
    <message>
        <source>Opportunities</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>Service tickets</source>
        <translation>服务工单</translation>
    </message>
    <message>
        <source>Open tasks</source>
        <translation>未完成任务</translation>
    </message>
    <message>
        <source>The report was cancelled.</source>
        <extracomment>what the report holds, for the audit log: a message (``Audit`` context) and its parameters (see ``core.audit_messages``) what the audit log keeps of the filters, when :attr:`facts` hold values a user typed (a list's filters and quick filter): see ``audit_messages.query_facts``</extracomment>
        <translation>报表已取消。</translation>
    </message>
    <message>
        <source>Customer list</source>
        <translation>客户清单</translation>
    </message>
    <message>
        <source>Record list</source>
        <translation>记录清单</translation>
    </message>
    <message>
        <source>Customer card</source>
        <translation>客户档案</translation>
    </message>
    <message>
        <source>Pipeline and forecast</source>
        <translation>销售漏斗与预测</translation>
    </message>
    <message>
        <source>Sales analysis</source>
        <translation>销售分析</translation>
    </message>
    <message>
        <source>Service report</source>
        <translation>服务报表</translation>
    </message>
    <message>
        <source>Follow-up report</source>
        <translation>跟进报表</translation>
    </message>
    <message>
        <source>Receivables and products</source>
        <translation>应收款与产品分析</translation>
    </message>
    <message>
        <source>Statement of account</source>
        <translation>客户对账单</translation>
    </message>
    <message>
        <source>Dealership statistics</source>
        <translation>4S 店统计</translation>
    </message>
    <message>
        <source>Insurance statistics</source>
        <translation>保险业务统计</translation>
    </message>
    <message>
        <source>Stocktake sheet</source>
        <translation>盘点表</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>There is no report named {name}. Choose one of: {names}.</source>
        <translation>没有名为 {name} 的报表。可选：{names}。</translation>
    </message>
    <message>
        <source>Reading the data…</source>
        <translation>正在读取数据…</translation>
    </message>
    <message>
        <source>Checking access…</source>
        <translation>正在检查权限…</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <source>Generated {time} by {user}</source>
        <translation>{user} 生成于 {time}</translation>
    </message>
    <message>
        <source>Laying out pages…</source>
        <translation>正在排版…</translation>
    </message>
    <message>
        <source>Page {page} / {pages}</source>
        <translation>第 {page} / {pages} 页</translation>
    </message>
    <message>
        <source>Writing the file…</source>
        <translation>正在写入文件…</translation>
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
        <source>is one of</source>
        <translation>属于</translation>
    </message>
    <message>
        <source>is empty</source>
        <translation>为空</translation>
    </message>
    <message>
        <source>is not empty</source>
        <translation>不为空</translation>
    </message>
    <message>
        <source>… ({n} in all)</source>
        <translation>…（共 {n} 个）</translation>
    </message>
    <message>
        <source>All records</source>
        <translation>全部记录</translation>
    </message>
    <message>
        <source>Your team's records</source>
        <translation>本团队的记录</translation>
    </message>
    <message>
        <source>Your own records</source>
        <translation>本人的记录</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>所有人</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>数据范围</translation>
    </message>
    <message>
        <source>Overdue as of</source>
        <translation>逾期判断日</translation>
    </message>
    <message>
        <source>No data for this period.</source>
        <translation>此期间没有数据。</translation>
    </message>
    <message>
        <source>Overdue tasks</source>
        <translation>逾期任务</translation>
    </message>
    <message>
        <source>Done on time</source>
        <translation>按时完成率</translation>
    </message>
    <message>
        <source>Customers overdue for follow-up</source>
        <translation>逾期未跟进客户</translation>
    </message>
    <message>
        <source>Work plans done</source>
        <translation>工作计划完成率</translation>
    </message>
    <message>
        <source>{percent} ({done} of {planned})</source>
        <translation>{percent}（{planned} 项完成 {done} 项）</translation>
    </message>
    <message>
        <source>Compliance by owner</source>
        <translation>各负责人执行情况</translation>
    </message>
    <message>
        <source>No overdue tasks.</source>
        <translation>没有逾期任务。</translation>
    </message>
    <message>
        <source>Overdue: not done and due before {day}. Due in period: tasks due in the period before that day; on time: marked done no later than due.</source>
        <translation>逾期：未完成且到期时间早于 {day}。期内到期：期间内、该日之前到期的任务；按时：在到期时间之前（含）标记完成。</translation>
    </message>
    <message>
        <source>Planned: visits and calls of work plans due in the period; plan done: the share of them marked done.</source>
        <translation>计划事项：期间内到期的工作计划拜访和电话；计划完成率：其中已标记完成的比例。</translation>
    </message>
    <message>
        <source>Overdue tasks ({n})</source>
        <translation>逾期任务（{n}）</translation>
    </message>
    <message>
        <source>Days overdue</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <source>Customers overdue for follow-up ({n})</source>
        <translation>逾期未跟进客户（{n}）</translation>
    </message>
    <message>
        <source>No Chinese font found for reports: reinstall crmdesk (it ships {file} in its fonts folder).</source>
        <extracomment>TrueType-outline CJK fonts to fall back on (reportlab cannot load CFF/PostScript outlines such as Noto CJK); (path, index of the face in a collection)</extracomment>
        <translation>找不到报表所需的中文字体：请重新安装 crmdesk（安装包的字体文件夹中带有 {file}）。</translation>
    </message>
    <message>
        <source>English</source>
        <extracomment>A Chinese report groups large amounts by 万 and 亿 instead of thousands and millions. Translated to the name of the report language; a translation other than "English" makes large amounts print in 万 and 亿.</extracomment>
        <translation>简体中文</translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation>{n} 小时</translation>
    </message>
    <message>
        <source>{n} d</source>
        <translation>{n} 天</translation>
    </message>
    <message>
        <source>Computing the figures…</source>
        <extracomment>customers the aging table prints at most (largest balance first) product rows of each product table</extracomment>
        <translation>正在计算数据…</translation>
    </message>
    <message>
        <source>Funnel by stage</source>
        <translation>各阶段商机漏斗</translation>
    </message>
    <message>
        <source>Weighted amount: the amount times the stage's win probability. Opportunities are counted when their expected close date is in the period.</source>
        <translation>加权金额：商机金额乘以所处阶段的赢单概率。预计成交日期在期间内的商机计入统计。</translation>
    </message>
    <message>
        <source>Forecast by expected close month</source>
        <translation>按预计成交月份预测</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>已赢单</translation>
    </message>
    <message>
        <source>Weighted open</source>
        <translation>在谈加权金额</translation>
    </message>
    <message>
        <source>Forecast: the amount already won plus the weighted open amount.</source>
        <translation>预测：已赢单金额加上在谈商机的加权金额。</translation>
    </message>
    <message>
        <source>Lead conversion</source>
        <translation>线索转化</translation>
    </message>
    <message>
        <source>Customers created in the period, and how many of them have placed an order (not cancelled).</source>
        <translation>期间内新建的客户，以及其中已下单（未取消）的客户数。</translation>
    </message>
    <message>
        <source>By lead source</source>
        <translation>按客户来源</translation>
    </message>
    <message>
        <source>By intent level</source>
        <translation>按意向等级</translation>
    </message>
    <message>
        <source>Largest open opportunities</source>
        <translation>金额最大的在谈商机</translation>
    </message>
    <message>
        <source>{entity} has no field {field}: check the column names.</source>
        <translation>{entity}没有字段 {field}：请检查列名。</translation>
    </message>
    <message>
        <source>There is no record type {entity}. Choose one of: {names}.</source>
        <translation>没有记录类型 {entity}。可选：{names}。</translation>
    </message>
    <message>
        <source>{entity} has no field {field}: check the filters.</source>
        <translation>{entity}没有字段 {field}：请检查筛选条件。</translation>
    </message>
    <message>
        <source>{entity} list</source>
        <translation>{entity}清单</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>筛选条件</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Sorted by</source>
        <translation>排序</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>记录数</translation>
    </message>
    <message>
        <source>No records match these filters.</source>
        <translation>没有符合筛选条件的记录。</translation>
    </message>
    <message>
        <source>Buying customers</source>
        <translation>成交客户</translation>
    </message>
    <message>
        <source>Sales by month</source>
        <translation>月度销售额</translation>
    </message>
    <message>
        <source>Sales by industry</source>
        <translation>各行业销售额</translation>
    </message>
    <message>
        <source>Sales by region</source>
        <translation>各地区销售额</translation>
    </message>
    <message>
        <source>The chart shows the largest {n}; the table shows all.</source>
        <translation>图表显示前 {n} 名，表格列出全部。</translation>
    </message>
    <message>
        <source>Sales by salesperson</source>
        <translation>各销售员销售额</translation>
    </message>
    <message>
        <source>Customer value (RFM)</source>
        <translation>客户价值（RFM）</translation>
    </message>
    <message>
        <source>Customers who bought in the period, by recency (days since the last order, on {day}), frequency (orders) and monetary value (sales), each compared with the average: {r} days, {f} orders, {m}.</source>
        <translation>期间内有成交的客户，按最近一次消费（截至 {day} 距上次下单的天数）、消费频率（订单数）和消费金额（销售额）分群，每项与平均值比较：{r} 天、{f} 单、{m}。</translation>
    </message>
    <message>
        <source>Value tiers (ABC)</source>
        <translation>客户价值等级（ABC）</translation>
    </message>
    <message>
        <source>Customers ranked by sales: A until 70 % of sales is reached, B until 90 %, C the rest.</source>
        <translation>客户按销售额排序：累计达到销售额 70% 之前为 A 类，90% 之前为 B 类，其余为 C 类。</translation>
    </message>
    <message>
        <source>Top {n} customers</source>
        <translation>销售额前 {n} 名客户</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Aging on</source>
        <translation>账龄截止日</translation>
    </message>
    <message>
        <source>Open invoices</source>
        <translation>未收金额</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>Customers' credit</source>
        <translation>客户预收余额</translation>
    </message>
    <message>
        <source>Customers owing</source>
        <translation>欠款客户数</translation>
    </message>
    <message>
        <source>Receivables aging</source>
        <translation>应收账龄</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未收</translation>
    </message>
    <message>
        <source>Per owner</source>
        <translation>按负责人</translation>
    </message>
    <message>
        <source>Per customer</source>
        <translation>按客户</translation>
    </message>
    <message>
        <source>The {n} largest balances of {total} customers.</source>
        <translation>{total} 个客户中余额最大的 {n} 个。</translation>
    </message>
    <message>
        <source>Best sellers and gross margin</source>
        <translation>畅销产品与毛利</translation>
    </message>
    <message>
        <source>By product category</source>
        <translation>按产品类别</translation>
    </message>
    <message>
        <source>Sales by channel</source>
        <translation>按渠道销售</translation>
    </message>
    <message>
        <source>Sales by lead source</source>
        <translation>按线索来源销售</translation>
    </message>
    <message>
        <source>Slow movers</source>
        <translation>滞销品</translation>
    </message>
    <message>
        <source>Stock turnover</source>
        <translation>库存周转</translation>
    </message>
    <message>
        <source>Name the customer of the statement: --customer CODE.</source>
        <translation>请指定对账单的客户：--customer 客户编号。</translation>
    </message>
    <message>
        <source>until {day}</source>
        <translation>截至 {day}</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Opening balance</source>
        <translation>期初余额</translation>
    </message>
    <message>
        <source>Invoiced</source>
        <translation>开票</translation>
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
        <source>Description</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <source>Invoices and payments</source>
        <translation>发票与收款</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>客户分群</translation>
    </message>
    <message>
        <source>Tickets opened</source>
        <translation>新建工单</translation>
    </message>
    <message>
        <source>Still open</source>
        <translation>仍未解决</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <source>Average time to resolve</source>
        <translation>平均解决时长</translation>
    </message>
    <message>
        <source>Median time to resolve</source>
        <translation>解决时长中位数</translation>
    </message>
    <message>
        <source>Tickets by status</source>
        <translation>各状态工单</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>工单数</translation>
    </message>
    <message>
        <source>By priority</source>
        <translation>按优先级</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Time to resolve: from opening the ticket until it reached a closed status.</source>
        <translation>解决时长：从创建工单到进入已关闭类状态的时间。</translation>
    </message>
    <message>
        <source>Service levels</source>
        <translation>服务级别</translation>
    </message>
    <message>
        <source>Tickets whose first-response or resolution target fell due in the period, counted in working hours; time waiting for the customer does not count.</source>
        <translation>首次响应或解决目标在本期间到期的工单，按工作时间计算；等待客户的时间不计入。</translation>
    </message>
    <message>
        <source>Oldest open tickets</source>
        <translation>最早的未结工单</translation>
    </message>
    <message>
        <source>Most used articles</source>
        <translation>最常用的知识库文章</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Customer satisfaction</source>
        <translation>客户满意度</translation>
    </message>
    <message>
        <source>No satisfaction scores were taken in this period.</source>
        <translation>本期间没有满意度评分。</translation>
    </message>
    <message>
        <source>CSAT: the share of scores of 4 or 5 (out of 5) among the scores taken in the period; per person: the ticket's assignee when it was scored.</source>
        <translation>满意率：本期间评分中 4 分或 5 分（满分 5 分）所占比例；按人员统计时为评分时的工单处理人。</translation>
    </message>
    <message>
        <source>Say which ticket to print: give its code, e.g. T000012.</source>
        <translation>请指定要打印的工单：给出工单编号，例如 T000012。</translation>
    </message>
    <message>
        <source>Opened: {subject}</source>
        <translation>新建：{subject}</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Ticket {code}</source>
        <translation>工单 {code}</translation>
    </message>
    <message>
        <source>History</source>
        <translation>处理记录</translation>
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
        <translation>内容</translation>
    </message>
    <message>
        <source>Articles used</source>
        <translation>使用的知识库文章</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>文章</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>The template {template} has not been applied to this file: apply it first (crmdesk template apply FILE {template} --user NAME).</source>
        <extracomment>rows a list analysis prints at most groups of a field a chart shows (the table shows all)</extracomment>
        <translation>此文件尚未应用模板 {template}：请先应用（crmdesk template apply 文件 {template} --user 用户名）。</translation>
    </message>
    <message>
        <source>Say which quote to print: give its number, e.g. QT000012.</source>
        <translation>请指明要打印的报价单：填写编号，例如 QT000012。</translation>
    </message>
    <message>
        <source>Quotation</source>
        <translation>报价单</translation>
    </message>
    <message>
        <source>Say which order to print: give its number, e.g. SO000012.</source>
        <translation>请指明要打印的订单：填写编号，例如 SO000012。</translation>
    </message>
    <message>
        <source>Delivery date</source>
        <translation>交货日期</translation>
    </message>
    <message>
        <source>Sales order</source>
        <translation>销售订单</translation>
    </message>
    <message>
        <source>Say which delivery note to print: give its number, e.g. DN000012.</source>
        <translation>请指明要打印的送货单：填写编号，例如 DN000012。</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>计划发货</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>发货日期</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>承运方</translation>
    </message>
    <message>
        <source>Tracking number</source>
        <translation>运单号</translation>
    </message>
    <message>
        <source>Deliver to</source>
        <translation>送货地址</translation>
    </message>
    <message>
        <source>Delivery note</source>
        <translation>送货单</translation>
    </message>
    <message>
        <source>Say which invoice to print: give its number, e.g. INV000012.</source>
        <translation>请指明要打印的发票：填写编号，例如 INV000012。</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>收款</translation>
    </message>
    <message>
        <source>Balance due</source>
        <translation>应收余额</translation>
    </message>
    <message>
        <source>Invoice</source>
        <translation>发票</translation>
    </message>
    <message>
        <source>Tel. {phone}</source>
        <translation>电话 {phone}</translation>
    </message>
    <message>
        <source>Tax number {number}</source>
        <translation>税号 {number}</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>品名</translation>
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
        <source>Amount</source>
        <translation>价税合计</translation>
    </message>
    <message>
        <source>Net amount</source>
        <translation>不含税金额</translation>
    </message>
    <message>
        <source>VAT {rate}</source>
        <translation>增值税 {rate}</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Please pay to: {bank}</source>
        <translation>请汇款至：{bank}</translation>
    </message>
    <message>
        <source>Unit prices are before VAT; VAT is worked out per line and rounded to the cent.</source>
        <translation>单价不含税；税额按行计算，四舍五入到分。</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Received in good order by: ____________________   Date: ____________</source>
        <translation>收货人签字：____________________   日期：____________</translation>
    </message>
    <message>
        <source>Warehouse</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>产品数</translation>
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
        <source>No product is kept in stock.</source>
        <translation>没有计库存的产品。</translation>
    </message>
    <message>
        <source>Counted by: ____________________   Checked by: ____________________   Date: ____________</source>
        <translation>盘点人：____________________   复核人：____________________   日期：____________</translation>
    </message>
</context>
<context>
    <name>ReportsNavigation</name>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>仪表盘</translation>
    </message>
    <message>
        <source>Receivables</source>
        <translation>应收款</translation>
    </message>
</context>
<context>
    <name>ReportsView</name>
    <message>
        <source>The customers you may see, as a table: filter, search and sort them here.</source>
        <extracomment>offered only when that template was applied to the file (core/services/templates.py)</extracomment>
        <translation>以表格列出您可查看的客户：可在此筛选、搜索和排序。</translation>
    </message>
    <message>
        <source>Any kind of record as a table: contacts, interactions, opportunities, orders, tickets, tasks ...</source>
        <translation>以表格列出任意类型的记录：联系人、跟进记录、商机、订单、工单、任务等。</translation>
    </message>
    <message>
        <source>Everything about one customer on paper: details, contacts, recent interactions, opportunities, orders, tickets and open tasks.</source>
        <translation>一位客户的完整档案：基本信息、联系人、近期跟进、商机、订单、工单和未完成任务。</translation>
    </message>
    <message>
        <source>The opportunity funnel, the weighted forecast by close month, lead conversion and the largest open opportunities.</source>
        <translation>商机漏斗、按预计成交月的加权预测、线索转化率，以及金额最大的进行中商机。</translation>
    </message>
    <message>
        <source>Sales by month, industry, region and salesperson; RFM segments, ABC tiers and the top customers.</source>
        <translation>按月份、行业、地区和销售员统计的销售额；RFM 客户分群、ABC 分级和重点客户排行。</translation>
    </message>
    <message>
        <source>Tickets by status and priority, the time to resolve them and the oldest open tickets.</source>
        <translation>按状态和优先级统计的工单、解决时长，以及最久未结的工单。</translation>
    </message>
    <message>
        <source>Follow-up compliance per owner, then each owner's overdue tasks and follow-ups.</source>
        <translation>各负责人的跟进执行情况，以及每人逾期的任务和跟进。</translation>
    </message>
    <message>
        <source>Showroom visits per day and per sales consultant, conversion by source, test-drive rate by model and visits by intent level.</source>
        <translation>每日及各销售顾问的来店量、各来源的转化率、各车型的试驾率和各意向级别的来店量。</translation>
    </message>
    <message>
        <source>Premium by product, agent and month, the claims ratio and the renewals due within 30 days.</source>
        <translation>按产品、代理人和月份统计的保费、赔付率，以及 30 天内到期待续保的保单。</translation>
    </message>
    <message>
        <source>Open invoices by age per owner and per customer, then best sellers, gross margin, sales by channel and lead source, slow movers and stock turnover.</source>
        <translation>按负责人和客户列出未结发票的账龄，以及畅销产品、毛利、按渠道和线索来源的销售、滞销品和库存周转。</translation>
    </message>
    <message>
        <source>One customer's invoices and payments with the running balance, for the period chosen below.</source>
        <translation>所选期间内某个客户的发票、收款及累计余额。</translation>
    </message>
    <message>
        <source>Every analysis the template declares, over the period and the people chosen below.</source>
        <translation>模板定义的全部统计，按下方所选的期间和人员计算。</translation>
    </message>
    <message>
        <source>Name, phone, pinyin ... (optional)</source>
        <translation>名称、电话、拼音…（可选）</translation>
    </message>
    <message>
        <source>Add condition ...</source>
        <translation>添加条件…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Descending</source>
        <translation>降序</translation>
    </message>
    <message>
        <source>Records:</source>
        <translation>记录类型：</translation>
    </message>
    <message>
        <source>Search:</source>
        <translation>搜索：</translation>
    </message>
    <message>
        <source>Conditions:</source>
        <translation>筛选条件：</translation>
    </message>
    <message>
        <source>Sort by:</source>
        <translation>排序：</translation>
    </message>
    <message>
        <source>Customer:</source>
        <translation>客户：</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>期间：</translation>
    </message>
    <message>
        <source>Owner:</source>
        <translation>负责人：</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Print ...</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save as PDF ...</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>Tip: to print a datasheet exactly as you see it, open it and press Ctrl+P.</source>
        <translation>提示：要按屏幕所见打印某个数据表，请打开该数据表后按 Ctrl+P。</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表中心</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>最新的在前</translation>
    </message>
    <message>
        <source>No conditions: every record you may see</source>
        <translation>无条件：包括您可查看的全部记录</translation>
    </message>
    <message>
        <source>Choose the customer whose card to print: type part of the name, phone or pinyin and pick one from the list.</source>
        <translation>请选择要打印档案的客户：输入名称、电话或拼音的一部分，然后从列表中选择。</translation>
    </message>
    <message>
        <source>Choose the customer whose statement to print: type part of the name, phone or pinyin and pick one from the list.</source>
        <translation>请选择要打印对账单的客户：输入名称、电话或拼音的一部分，然后从列表中选择。</translation>
    </message>
</context>
</TS>