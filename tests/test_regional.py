"""HK/TW service wording read as mainland wording, with spans that still point at what was typed."""

import pytest

from trainer.language.regional import words
from trainer.language.text import normalize, normalize_text


@pytest.mark.parametrize("typed, read", [
    ("三個工作天內給您答覆", "三个工作日内给您答复"),
    ("我是您的理財專員", "我是您的理财经理"),
    ("阿伯,您慢慢來", "大爷,您慢慢来"),
    ("請到櫃檯辦理", "请到柜台办理"),
    ("請到櫃台辦理", "请到柜台办理"),
    ("請到櫃枱辦理", "请到柜台办理"),
    ("您的定存下個月到期", "您的定期存款下个月到期"),
    ("銀行戶口的餘額", "银行账户的余额"),
    ("我會發電郵給您", "我会发邮件给您"),
    ("我撥電話給您", "我打电话给您"),
    ("唔好意思,讓您久等", "不好意思,让您久等"),
    ("冇問題,聽日我揾您", "没有问题,明天我找您"),
    ("您慢行", "您慢走"),
    ("唔該您等一等", "麻烦您等一等"),
    ("唔該晒", "谢谢"),
    ("唔使您自己致電,我嚟聯絡", "不用您自己致电,我来联络"),
    ("換咗邊個都會嬲", "换了谁都会生气"),
    ("唔好再嚟啦", "不要再来啦"),
    ("我會喺下晝三點前畀您回覆", "我会喺下午三点前给您回复"),
    ("我的職員編號係1024", "我的工号系1024"),
    ("陳生,您好", "陈先生,您好"),
    ("李生您放心", "李先生您放心"),
    ("黃生,唔該您等一等", "黄先生,麻烦您等一等"),
    ("周生同劉生", "周先生同刘先生"),
    ("我為陳生辦好了", "我为陈先生办好了"),
])
def test_regional_wording_reads_as_mainland(typed, read):
    assert normalize(typed).text == read


@pytest.mark.parametrize("text", [
    "请带上户口本", "约定存款的利率", "账户口令", "然而家里人不同意", "请把资料交给我", "欢迎致电我行", "银行员工", "重点解决",
    # 生 after a surname is 先生, but not in these words
    "学生", "医生", "先生", "陈先生", "发生了什么", "生日快乐", "生活费", "一生", "小陈生日快乐", "王生病了",
    "感谢生活", "树叶生长", "紧张生怕", "如何生存", "提高生产", "余生", "莫生气", "也许生意会好",
])
def test_mainland_words_that_contain_a_regional_one_stay(text):
    assert normalize(text).text == text


def test_a_title_spans_the_surname_and_sang(scorer):
    norm = normalize("陳生,您好")
    assert "陳生,您好"[slice(*norm.span(0, 3))] == "陳生"
    assert "title" in scorer.score("陳生,您放心,我而家幫您處理。", techniques=True).technique_ids


def test_a_replacement_spans_the_word_it_came_from():
    typed = "三個工作天內"
    norm = normalize(typed)
    start = norm.text.index("工作日")
    assert typed[slice(*norm.span(start, start + 3))] == "工作天"
    longer = normalize("您的定存")
    at = longer.text.index("定期存款")
    assert "您的定存"[slice(*longer.span(at, at + 4))] == "定存"


def test_rubric_phrases_are_read_the_same_way():
    assert normalize_text("工作天") == "工作日"
    assert all(normalize_text(word) == normalize(word).text for word in words())


def test_a_good_hk_reply_earns_the_technique(scorer):
    found = scorer.score("三個工作天內我會親自撥電話給您", techniques=True).technique_ids
    assert "timeframe" in found


@pytest.fixture
def table(tmp_path, monkeypatch):
    """A table of the test's own rows in place of the shipped one."""
    from trainer.language import regional

    def use(rows: str):
        path = tmp_path / "regional.tsv"
        path.write_text(rows, encoding="utf-8")
        monkeypatch.setattr(regional, "TABLE", path)
        regional._table.cache_clear()

    yield use
    regional._table.cache_clear()


def test_the_longest_word_is_read_however_long_the_guards_of_a_shorter_one(table):
    table("唔\t不\t[^一-鿿]|了|声|唔|嗯|呀|啊|吖\n唔该\t麻烦\n")
    assert normalize("唔该您,唔好意思").text == "麻烦您,不好意思"


def test_rows_of_one_word_are_told_apart_by_what_follows(table):
    table("边个\t谁\t\t\t\t都|会\n边个\t哪个\n")
    assert normalize("邊個都會唔開心").text.startswith("谁都会")
    assert normalize("係邊個窗口").text.endswith("哪个窗口")
