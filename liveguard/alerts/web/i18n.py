"""The interface speaks Chinese first (the people who review 直播带货 read it), English on request.

A dict catalog is enough for a few dozen labels; a missing key shows the key itself, so a
forgotten translation is visible on the page instead of crashing it.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["zh", "en"]
LANG_COOKIE = "lg_lang"
DEFAULT_LANG: Lang = "zh"

CATALOG: dict[str, tuple[str, str]] = {
    # key: (zh, en)
    "app": ("LiveGuard 直播合规", "LiveGuard"),
    "sign_in": ("登录", "Sign in"),
    "sign_out": ("退出", "Sign out"),
    "user": ("用户名", "User"),
    "secret": ("令牌或密码", "Token or password"),
    "bad_login": ("用户名或令牌/密码错误", "Wrong user name, token or password"),
    "queue": ("待审队列", "Review queue"),
    "live": ("直播实况", "Live view"),
    "blacklist": ("黑名单", "Blacklist"),
    "dashboard": ("监管看板", "Regulator dashboard"),
    "precheck": ("话术预检", "Script pre-check"),
    "allowlist": ("白名单", "Allow-list"),
    "active": ("生效中", "active"),
    "lifted": ("已解除", "lifted"),
    "merchant": ("商家", "Merchant"),
    "host": ("主播", "Host"),
    "stream": ("直播间", "Stream"),
    "platform": ("平台", "Platform"),
    "rule": ("规则", "Rule"),
    "family": ("类别", "Family"),
    "severity": ("严重程度", "Severity"),
    "status": ("状态", "Status"),
    "evidence": ("证据等级", "Evidence"),
    "possible_violation": ("可能违规", "Possible violation"),
    "possible_violation_hint": (
        "模型判断的可能违规（非规则命中），请人工判断；不会触发纠正通知或黑名单",
        "Found by the learned claim model, not a rule: a person decides; it never triggers a correction or a blacklist entry",
    ),
    "why_learned": ("为何判断", "Why"),
    "findings": ("命中", "Findings"),
    "opened": ("时间", "Opened"),
    "filter": ("筛选", "Filter"),
    "all": ("全部", "All"),
    "next_page": ("下一页", "Next page"),
    "new_cases": ("有新案件，点击刷新", "New cases, click to reload"),
    "no_cases": ("没有符合条件的案件", "No cases match"),
    "shortcuts": (
        "快捷键：j/k 上下移动，Enter 打开，c 确认违规，d 驳回",
        "Shortcuts: j/k move, Enter open, c confirm, d dismiss",
    ),
    "case": ("案件", "Case"),
    "transcript": ("转写文本", "Transcript"),
    "context_before": ("前文", "Context before"),
    "legal_basis": ("法律依据", "Legal basis"),
    "suggestion": ("整改建议", "Suggested rewrite"),
    "message": ("说明", "Message"),
    "confirm": ("确认违规", "Confirm"),
    "dismiss": ("驳回", "Dismiss"),
    "escalate": ("上报", "Escalate"),
    "reason": ("理由", "Reason"),
    "history_host": ("主播历史", "Host history"),
    "history_merchant": ("商家历史", "Merchant history"),
    "audio": ("证据音频", "Evidence audio"),
    "no_clip": ("无音频片段", "No audio clip"),
    "decided": ("已处理", "Decided"),
    "entries": ("黑名单条目", "Entries"),
    "party": ("对象", "Party"),
    "term": ("期限", "Term"),
    "until": ("截止", "Until"),
    "reasons": ("理由", "Reasons"),
    "notices": ("通知书", "Notices"),
    "appeals": ("申诉", "Appeals"),
    "decision": ("决定", "Decision"),
    "uphold": ("支持申诉（撤销列入）", "Uphold (lift the entry)"),
    "reject": ("驳回申诉", "Reject"),
    "pending": ("待处理", "pending"),
    "upheld": ("已支持", "upheld"),
    "rejected": ("已驳回", "rejected"),
    "file_appeal": ("提交申诉", "File an appeal"),
    "add_entry": ("手动列入", "Add entry"),
    "kind": ("类型", "Kind"),
    "days": ("天数", "Days"),
    "submit": ("提交", "Submit"),
    "per_day": ("每日违规（按类别）", "Violations per day by family"),
    "top_rules": ("高频规则", "Top rules"),
    "top_hosts": ("高频主播", "Top hosts"),
    "top_merchants": ("高频商家", "Top merchants"),
    "time_to_review": ("审核用时", "Time to review"),
    "dismissal_rate": ("各规则驳回率", "Dismissal rate per rule"),
    "export": ("导出", "Export"),
    "period": ("期间", "Period"),
    "from": ("自", "From"),
    "to": ("至", "To"),
    "count": ("数量", "Count"),
    "median": ("中位数", "Median"),
    "p90": ("P90", "P90"),
    "paste_script": (
        "粘贴话术或上传文件（.txt/.docx）",
        "Paste a script or upload a file (.txt/.docx)",
    ),
    "check": ("检查", "Check"),
    "no_findings": ("未发现问题", "No problems found"),
    "add": ("添加", "Add"),
    "remove": ("删除", "Remove"),
    "proof": ("证明材料", "Proof"),
    "forbidden": ("无权访问此页面", "You may not open this page"),
    "not_found": ("未找到", "Not found"),
    "waiting": ("等待直播数据……", "Waiting for the stream…"),
    "streams": ("直播流", "Streams"),
    "cases_of_merchant": ("本商家案件", "This merchant's cases"),
    "lang_toggle": ("English", "中文"),
    "high": ("高", "high"),
    "medium": ("中", "medium"),
    "low": ("低", "low"),
    "efficacy": ("功效宣称", "efficacy"),
    "scarcity": ("虚假稀缺", "scarcity"),
    "price": ("价格", "price"),
    "wording": ("措辞", "wording"),
    "verified": ("已核实", "verified"),
    "open": ("待审", "open"),
    "claimed": ("审核中", "claimed"),
    "confirmed": ("已确认", "confirmed"),
    "dismissed": ("已驳回", "dismissed"),
    "escalated": ("已上报", "escalated"),
}


def translate(key: str, lang: str) -> str:
    pair = CATALOG.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" else pair[0]


def pick_lang(cookie_value: str | None) -> Lang:
    return "en" if cookie_value == "en" else DEFAULT_LANG
