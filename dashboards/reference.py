"""Reference rows of the dashboards app, loaded idempotently (``core.reference.ensure_rows``)
by a data migration; the office corrects them in the admin when a document says otherwise."""

DOUBLE_RANDOM = "double_random_results"

DISCLOSURE_RULES = [
    {
        "code": DOUBLE_RANDOM,
        # The State Council's 2019 opinion on "double random, one public" supervision
        # (国发〔2019〕5号) asks for inspection results to be published on the national
        # enterprise credit information publicity system within 20 working days; the text
        # was not retrieved here, so the row is unconfirmed.
        "working_days": 20,
        "remind_days_before": 3,
        "authority_zh": "济宁市生态环境局",
        "authority_en": "Jining Municipal Bureau of Ecology and Environment",
        "source": "国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见（国发〔2019〕5号）：抽查检查结果20个工作日内公示（未核实原文）",
        "confirmed": False,
    }
]
