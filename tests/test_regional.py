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
    ("我會喺下晝三點前畀您回覆", "我会在下午三点前给您回复"),
    ("我的職員編號係1024", "我的工号是1024"),
    ("陳生,您好", "陈先生,您好"),
    ("李生您放心", "李先生您放心"),
    ("黃生,唔該您等一等", "黄先生,麻烦您等一等"),
    ("周生同劉生", "周先生同刘先生"),
    ("我為陳生辦好了", "我为陈先生办好了"),
    ("繳完後入帳,帳單我再寄", "缴完后入账,账单我再寄"),  # t2s gives 帐, the rubrics say 账
    ("我傳簡訊給您", "我传短信给您"),
    ("我請理專過來跟您聊", "我请理财经理过来跟您聊"),  # Taiwan, blind round 7
    ("薪轉帳戶", "代发工资账户"),
])
def test_regional_wording_reads_as_mainland(typed, read):
    assert normalize(typed).text == read


@pytest.mark.parametrize("text", [
    "请带上户口本", "约定存款的利率", "账户口令", "然而家里人不同意", "请把资料交给我", "欢迎致电我行", "银行员工", "重点解决",
    # 生 after a surname is 先生, but not in these words
    "学生", "医生", "先生", "陈先生", "发生了什么", "生日快乐", "生活费", "一生", "小陈生日快乐", "王生病了",
    "感谢生活", "树叶生长", "紧张生怕", "如何生存", "提高生产", "余生", "莫生气", "也许生意会好",
    "蚊帐", "帐篷", "处理专业问题", "经理专门负责",
])
def test_mainland_words_that_contain_a_regional_one_stay(text):
    assert normalize(text).text == text


# Cantonese as HK trainees type it (blind round 6): the function words and verbs the rubrics read
# in mainland words, each with the mainland reading a rubric phrase is written in.
@pytest.mark.parametrize("typed, read", [
    # 係 is 是: t2s would make it 系 (系统); 關係, 係數 keep their 系
    ("我係大堂經理陳家欣", "我是大堂经理陈家欣"),
    ("真係唔好意思", "真是不好意思"),
    ("沒關係,係數不變", "没关系,系数不变"),
    ("規定就系咁,冇辦法", "规定就是这样,没有办法"),
    ("係咪存入呢個戶口?", "是不是存入这个账户?"),
    # 唔 before a word is 不; 唔好 is 不要, or 不好 after 得
    ("先生你先唔好嬲", "先生你先不要生气"),
    ("係我哋做得唔好", "是我们做得不好"),
    ("邊個都會唔開心", "谁都会不开心"),
    ("我哋而家過去好唔好?", "我们现在过去好不好?"),
    ("你睇咁樣得唔得?", "你看这样行不行?"),
    ("你唔使驚按錯", "你不用担心按错"),
    ("有咩唔識隨時搵我", "有什么不会随时找我"),
    # 嘅 咗 嗰 呢個 啲 冇 喺 嚟 佢
    ("我哋去嗰邊坐低", "我们去那边坐下"),
    ("呢個係戶口變動短訊提示", "这个是账户变动短信提示"),
    ("你今日要辦嘅業務", "你今天要办的业务"),
    ("已經轉咗", "已经转了"),
    ("有冇快啲嘅方法", "有没有快点的方法"),
    ("你啲錢今日一定幫你存好", "你的钱今天一定帮你存好"),
    ("有啲嘢喺隔離部自助機搞掂", "有些事在隔离部自助机办好"),
    ("你想喺度講都得,我聽住", "你想在这里讲都行,我听着"),
    ("叫嗰位同事過嚟向你道歉", "叫那位同事过来向你道歉"),
    ("佢咁樣對你係佢唔啱", "他这样对你是他不对"),
    # 點 咩 乜 邊個
    ("點會唔稀罕呀伯伯", "怎么会不稀罕呀伯伯"),
    ("無論點都好", "无论怎样都好"),
    ("點解唔得?", "为什么不行?"),
    ("我教你點用", "我教你怎么用"),
    ("你今日想辦咩業務呢?", "你今天想办什么业务呢?"),
    ("急乜嘢", "急什么"),
    ("你話我知係邊個窗口", "你告诉我是哪个窗口"),
    # 俾/畀 話…知 睇 坐低 飲 搵 諗 返 同
    ("我嘅電話號碼寫俾你", "我的电话号码写给你"),
    ("處理結果聽日下晝三點前打電話話你知", "处理结果明天下午三点前打电话告诉你"),
    ("我幫你睇下呢筆係咩收費", "我帮你看下这笔是什么收费"),
    ("我哋去貴賓室坐低飲杯茶", "我们去贵宾室坐下喝杯茶"),
    ("以後直接搵我", "以后直接找我"),
    ("我諗下辦法", "我想下办法"),
    ("我即刻幫你申請退返", "我马上帮你申请退回"),
    ("剩返十萬聽日朝早八點半準備好", "剩下十万明天早上八点半准备好"),
    ("你返去同佢講", "你回去跟他讲"),
    ("我先同你講聲對唔住", "我先跟你说声对不起"),
    ("仲有冇其他嘢要我幫手?", "还有没有其他事要我帮忙?"),
    # times and money
    ("我而家即刻幫你取消", "我现在马上帮你取消"),
    ("今日之內", "今天之内"),
    ("上晝嘅錄影", "上午的录像"),
    ("今個禮拜內,禮拜五前", "这周内,星期五前"),
    ("呢一年嘅24蚊", "这一年的24块"),
    ("一共386蚊5毫", "一共386块5毛"),
    ("你簽個名就得。", "你签个名就行。"),
    ("換咗係我都會咁。", "换了是我都会这样。"),
    ("要你等咁耐", "要你等这么久"),
])
def test_cantonese_reads_as_mainland(typed, read):
    assert normalize(typed).text == read


@pytest.mark.parametrize("text", [
    # 系 and 唔 in mainland words and speech
    "联系我们", "系统显示", "关系到您的资金", "唔,好吧", "他唔了一声",
    # 点 after the words that end in 点
    "下午三点会给您回电", "网点会通知您", "重点解决", "一点用都没有", "这点做不到", "一点样品", "早点办理",
    # 边 in 旁边, 身边 …; 呢 ending a question or in cloth
    "身边个别同事", "旁边个人窗口", "你呢?", "呢绒大衣",
    # 同 in 不同, 认同, 陪同, 同事
    "认同你的看法", "陪同您办理", "和同事商量", "不同你想的那样",
    # 今日, 都得, 就得, 朝早 inside mainland words
    "如今日益方便", "当今日本", "大家都得排队", "那就得本人来", "王朝早期",
    # money words that are not money; 仲, 饮, 倾, 返, 筹, 着数 in mainland words
    "蚊子", "点蚊香", "5毫米", "丝毫不差", "申请仲裁", "伯仲之间", "饮水机", "饮料", "耐心倾听", "倾诉",
    "返回首页", "往返车票", "消费返现", "筹备会议", "是带着数字来的", "打个电话你知道吗", "找个帮手",
])
def test_mainland_words_that_hold_a_cantonese_one_stay(text):
    assert normalize(text).text == text


def test_a_word_read_only_before_punctuation_keeps_its_mainland_reading_at_a_phrase_end():
    """Rubric templates are read piece by piece: a piece ending in 都得 (都得…自助机) must read as
    a reply that goes on (都得去自助机办), not as the Cantonese clause end (都得。)."""
    assert normalize_text("都得") == "都得" == normalize("都得去自助机办").text[:2]
    assert normalize_text("急咩") == normalize("急咩?").text[:-1] == "急什么"


def test_cantonese_spans_point_at_what_was_typed():
    typed = "打電話話你知"
    norm = normalize(typed)
    at = norm.text.index("告诉你")
    assert typed[slice(*norm.span(at, at + 3))] == "話你知"
    assert "我係"[slice(*normalize("我係").span(1, 2))] == "係"


@pytest.mark.parametrize("scenario_id, typed, point", [
    ("angry-rude-staff", "我哋去嗰邊坐低，你慢慢同我講發生咩事。", "quiet-place"),
    ("complain-anywhere-inspector", "麻煩你入嚟坐低慢慢講。", "quiet-room"),
    ("divert-to-self-service", "你今日想辦咩業務呢？", "ask-need"),
    ("phone-fee-dispute", "冇同你講清楚就開咗收費服務，係我哋做得唔夠好。", "apology"),
])
def test_a_good_cantonese_reply_earns_the_key_point(catalog, scenario_id, typed, point):
    from trainer.dialogue.engine import understanding_for

    scenario = catalog.library.get(scenario_id)
    understanding = understanding_for(scenario, catalog.scorer)
    assert point in understanding.ids(catalog.scorer.score(typed, techniques=True))


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
