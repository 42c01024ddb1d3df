"""Reference rows of the acceptance app, loaded idempotently by a data migration and the demo
(``core.reference.ensure_rows``): the reasons for removing an enterprise from the ULE list and
the relisting bar each carries.

No document for cement or coking sets these bars yet. They follow the steel precedent, so every
row is marked unconfirmed: the China Iron and Steel Association's rules on ending or revoking
the ULE publicity (《关于钢铁企业超低排放改造和评估监测公示终止申报或撤销公示的相关规定（试行）》,
15 Nov 2021, later 钢协环专〔2022〕5号) bar an enterprise for one year after serious violations
such as falsified data, and its revocation notices for plants found unable to hold the ULE
limits bar relisting for half a year (e.g. the 2023 notice on Hebei Yongyang Special Steel:
"撤销公示之日起半年内不得公示"); ../shared/domain.md section 8 gives the six months."""

CISA_RULES = (
    "中国钢铁工业协会《关于钢铁企业超低排放改造和评估监测公示终止申报或撤销公示的相关规定（试行）》"
    "（2021-11-15；钢协环专〔2022〕5号）— 钢铁先例"
)
CISA_NOTICE = (
    "中国钢铁工业协会撤销河北永洋特钢集团有限公司超低排放公示的通知（2023）："
    "“撤销公示之日起半年内不得公示”；../shared/domain.md 第8节 — 钢铁先例"
)

REVOCATION_REASONS = [
    {
        "code": "falsified_data",
        "name_zh": "篡改、伪造监测数据或评估材料（弄虚作假）",
        "name_en": "Falsified monitoring data or evaluation documents",
        "bar_months": 12,
        "source_document": CISA_RULES,
        "confirmed": False,
        "order": 10,
    },
    {
        "code": "serious_violation",
        "name_zh": "存在重大环境违法行为并受到行政处罚",
        "name_en": "A serious environmental violation, penalized",
        "bar_months": 12,
        "source_document": CISA_RULES,
        "confirmed": False,
        "order": 20,
    },
    {
        "code": "not_stable",
        "name_zh": "抽查或在线监测发现不能稳定达到超低排放要求",
        "name_en": "Found by a spot check or monitoring not to hold the ULE limits",
        "bar_months": 6,
        "source_document": CISA_NOTICE,
        "confirmed": False,
        "order": 30,
    },
    {
        "code": "measures_lapsed",
        "name_zh": "无组织排放控制或清洁运输措施未落实",
        "name_en": "Fugitive-emission or clean-transport measures not in place",
        "bar_months": 6,
        "source_document": CISA_NOTICE,
        "confirmed": False,
        "order": 40,
    },
    {
        "code": "ceased",
        "name_zh": "企业关停或生产线退出",
        "name_en": "The plant or its lines closed",
        "bar_months": 0,
        "source_document": "本平台默认值：企业已不再生产，不设重新纳入限制",
        "confirmed": False,
        "order": 50,
    },
]
REVOCATION_REASON_KEY = ("code",)
