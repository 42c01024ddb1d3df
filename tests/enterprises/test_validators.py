import pytest
from django.core.exceptions import ValidationError

from enterprises.validators import credit_code_check_char, validate_credit_code

# Published codes of real organisations (from public registers), checked by GB 32100.
GOOD = ["91110108551385082Q", "91440300708461136T", "91330100799655058B", "91350100M000100Y43"]


@pytest.mark.parametrize("code", GOOD)
def test_valid_codes_pass(code):
    validate_credit_code(code)


def test_check_character_is_computed_per_gb32100():
    # weights 3^(i-1) mod 31; 31 - (sum mod 31), where 31 becomes 0
    assert credit_code_check_char("91330100799655058") == "B"
    assert credit_code_check_char("91350100M000100Y4") == "3"


@pytest.mark.parametrize(
    ("code", "code_name"),
    [
        ("9133010079965505", "length"),
        ("91330100799655058B1", "length"),
        ("91330100I99655058B", "charset"),
        ("91330100799655058C", "checksum"),
        ("91330100799655085B", "checksum"),
    ],
)
def test_bad_codes_are_refused_with_a_reason(code, code_name):
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(code)
    assert exc.value.code == code_name


def test_message_is_in_the_users_language():
    from django.utils import translation

    with pytest.raises(ValidationError) as exc:
        validate_credit_code("91330100799655058C")
    assert "校验码不符" in exc.value.messages[0]
    with translation.override("en"):
        assert "check character" in exc.value.messages[0]
