"""Sign-in and roles: a staff number is only yours with its PIN, the trainer proves the role."""

import pytest

from trainer.classroom.access import (
    MAX_FAILURES, Permission, Role, SignInError, allows, has_pin, hash_secret, new_trainer_code, reset_pin,
    set_trainer_password, sign_in, trainer_sign_in, verify_secret,
)
from trainer.classroom.roster import import_roster


def test_hashes_are_salted_and_verify_only_the_secret():
    first, second = hash_secret("1234"), hash_secret("1234")
    assert first != second and "1234" not in first and first.startswith("scrypt$")
    assert verify_secret("1234", first) and verify_secret("1234", second)
    assert not verify_secret("1235", first)
    assert not verify_secret("1234", "garbage") and not verify_secret("1234", "md5$a$b$c$d$e")


@pytest.mark.parametrize("role, permission, allowed", [
    (Role.TRAINEE, Permission.DRILLS, False), (Role.TRAINEE, Permission.REPORTS, False),
    (Role.TRAINEE, Permission.EXPORTS, False), (Role.TRAINER, Permission.DRILLS, True),
    (Role.TRAINER, Permission.EXPORTS, True),
])
def test_roles(role, permission, allowed):
    assert allows(role, permission) is allowed


def test_first_sign_in_sets_the_pin_and_later_ones_need_it(store):
    me = sign_in(store, "张三", "A1024", "2468")
    assert has_pin(store, "A1024")
    assert "2468" not in store.get_credential("pin:A1024").secret_hash
    assert sign_in(store, "", "A1024", "2468") == me
    with pytest.raises(SignInError, match="PIN 不对"):
        sign_in(store, "张三", "A1024", "1111")
    with pytest.raises(SignInError, match="PIN 不对"):
        sign_in(store, "张三", "A1024", "")


def test_a_staff_number_is_never_renamed(store):
    sign_in(store, "张三", "A1024", "2468")
    with pytest.raises(SignInError, match="登记的姓名"):
        sign_in(store, "李四", "A1024", "2468")
    assert store.find_trainee("A1024").name == "张三"


@pytest.mark.parametrize("pin", ["12", "123456789", "abcd", "١٢٣٤", ""])
def test_a_pin_is_four_to_eight_digits(store, pin):
    with pytest.raises(SignInError, match="PIN 应为"):
        sign_in(store, "张三", "A1", pin)
    assert store.find_trainee("A1") is None


def test_served_sign_in_needs_a_staff_number_and_does_not_become_the_terminals_trainee(store):
    with pytest.raises(SignInError, match="工号"):
        sign_in(store, "张三", "", "1234")
    terminal = store.upsert_trainee("培训师", None)
    sign_in(store, "张三", "A1", "1234")
    assert store.last_trainee() == terminal


def test_the_terminal_may_sign_in_without_a_pin_until_one_is_set(store):
    me = sign_in(store, "王五", "", "", pin_required=False, remember=True)
    assert store.last_trainee() == me and me.staff_no is None
    sign_in(store, "王五", "B2", "", pin_required=False)
    assert not has_pin(store, "B2")
    sign_in(store, "王五", "B2", "9876", pin_required=False)
    with pytest.raises(SignInError):
        sign_in(store, "王五", "B2", "", pin_required=False)


def test_repeated_wrong_pins_lock_until_the_trainer_resets(store):
    sign_in(store, "张三", "A1", "2468")
    for _ in range(MAX_FAILURES):
        with pytest.raises(SignInError, match="PIN 不对"):
            sign_in(store, "张三", "A1", "0000")
    with pytest.raises(SignInError, match="已锁定"):
        sign_in(store, "张三", "A1", "2468")
    assert reset_pin(store, "A1")
    assert sign_in(store, "张三", "A1", "1357").staff_no == "A1"


def test_a_right_pin_clears_earlier_failures(store):
    sign_in(store, "张三", "A1", "2468")
    with pytest.raises(SignInError):
        sign_in(store, "张三", "A1", "0000")
    sign_in(store, "张三", "A1", "2468")
    assert store.get_credential("pin:A1").failures == 0


def test_the_one_time_code_works_once(store):
    code = new_trainer_code(store)
    assert len(code) == 8 and code not in store.get_credential("trainer-code").secret_hash
    trainer_sign_in(store, code.lower())
    with pytest.raises(SignInError, match="没有设置培训师密码"):
        trainer_sign_in(store, code)


def test_the_trainer_password(store):
    with pytest.raises(SignInError, match="至少"):
        set_trainer_password(store, "short")
    set_trainer_password(store, "correct horse")
    assert "correct horse" not in store.get_credential("trainer-password").secret_hash
    trainer_sign_in(store, "correct horse")
    with pytest.raises(SignInError, match="不对"):
        trainer_sign_in(store, "wrong horse")
    assert store.get_credential("trainer-password").failures == 1


def test_a_roster_registers_names_and_teams_and_renames_nobody(store):
    sign_in(store, "张三", "A1", "2468")
    roster = "姓名,工号,组\n张三,A1,阳光组\n李四,A2,阳光组\n王五,A1,星辰组\n赵六,,星辰组\n\n钱七,A3,\n".encode()
    result = import_roster(store, roster, "class.csv")
    assert (result.added, result.unchanged) == (2, 1)
    assert result.problems == ["class.csv:4  工号 A1 已登记为「张三」,未改为「王五」", "class.csv:5  姓名和工号都要填写"]
    assert store.find_trainee("A1").name == "张三"
    teams = {store.get_trainee(i).staff_no: team for i, team in store.teams().items()}
    assert teams == {"A1": "阳光组", "A2": "阳光组"}
    with pytest.raises(SignInError, match="登记的姓名"):
        sign_in(store, "李 四", "A2", "1234")
    assert sign_in(store, "李四", "A2", "1234").name == "李四"


def test_a_roster_saved_by_excel_in_gbk_reads(store):
    assert import_roster(store, "张三,A9,一组\n".encode("gbk")).added == 1
    assert store.find_trainee("A9").name == "张三"
