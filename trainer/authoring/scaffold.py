"""``trainer new ID``: a small, commented, working scenario and its test file to start from.

The scaffold is a complete scenario (three nodes, three endings, one key point of its own) that
lints clean, passes its own tests and is fully visited by ``trainer explore``; the author edits
it rather than facing an empty file. Comments explain each field in Chinese and English.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from trainer.dialogue.scenario_loader import TEST_SUFFIX
from trainer.authoring.schema import SCHEMA_FILE

ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

SCENARIO_TEMPLATE = """\
# yaml-language-server: $schema={schema}
# 新情景 / new scenario "{id}" —— 由 `trainer new {id}` 生成,改成你的案例。
# 改完后依次运行 / then run:
#   trainer lint {id:<26} 检查错误和死角 / errors and dead content
#   trainer test {id:<26} 运行旁边的测试文件 / run the test file beside it
#   trainer explore {id:<23} 随机走很多遍,找没走到的节点 / random playthroughs
#   trainer graph {id:<25} 画出情景图 / draw the map (Mermaid; --format dot for Graphviz)
# 字段说明见 docs/scenario-format.md;写作教程见 docs/authoring.md。

id: {id:<27} # 与文件名相同,小写短横线 / equals the file name, kebab-case
title: 排队太久的取款客户          # 情景标题 / title
role: 柜员                      # 柜员 · 大堂经理 · 客户经理 · 网点负责人 · 客服
difficulty: 初级                # 初级 · 中级 · 高级
minutes: 2                      # 课堂演练约两分钟 / a class performance is about two minutes
channel: 柜台
summary: 客户排了很久的队,一坐下就抱怨,其实只想尽快取到钱。
source: "000 优质文明服务: 客户的不满源自服务的不足 (示例,请改成你的出处)"
objectives:
  - 先道歉,认同客户等待的辛苦
  - 问清要办的业务,马上办理并说明时间
  - 礼貌道别
customer:
  name: 刘先生
  age: 45
  temperament: 力量型             # 活泼型 · 力量型 · 和平型 · 分析型
  need: 尽快取出五千元现金
  mood: 60                      # 开始时的情绪 0 平静 … 100 暴怒 / starting mood
  description: 刘先生排了四十分钟的队,一坐到窗口就敲着台面抱怨。
# variables:                    # 需要记住状态时声明变量,并在 when.vars 里读取
#   apologised: false           # declare variables here and read them in when.vars
max_turns: 6                    # 六次回复仍未结束 → on_timeout
on_timeout: walked-out
on_rage: complaint              # 情绪到 100 → on_rage
start: opening

key_points:                     # 本情景自己的要点 / this scenario's own key points
  confirm-need:
    name: 确认要办的业务
    reason: 先问清客户要办什么、办多少,才能又快又准地办好。
    forms:                      # (a|b) 任选 · [x] 可省略 · … 最多隔 6 个字
      - (取|存|办|转)(多少|什么|哪)
    keywords:                   # 全部出现才算,顺序不限:最适合识别换种说法
      - (取|取钱|取款|取现)
      - (多少|金额|现金|几千)
    examples:                   # 示范句,学员说得足够接近也算
      - 请问您今天要取多少现金?

always:                         # 每个节点都先试这些分支 / tried before every node's branches
  - when: {{forbidden: critical}}
    mood: 30
    goto: complaint
    because: 严重服务忌语让本就不耐烦的客户当场要求投诉。

nodes:
  opening:
    grievance: true             # 客户有委屈,期待道歉 / an apology is expected here
    say:
      - (敲着台面)排了四十分钟!你们窗口开这么少,让人怎么等?
    key_points:                 # 这一轮希望学员做到的 / what a good reply does here
      - {{id: apology, weight: 2}}
      - {{id: confirm-need, weight: 2}}
      - greeting
    reference: 您好,让您久等了,真是对不起!请问您今天要取多少现金?我马上为您办理。
    branches:                   # 按顺序尝试,第一个成立的生效 / first match wins
      - when: {{forbidden: any}}
        mood: 20
        goto: complaint
        because: 客户已经等得很烦,再听到推诿的话就要投诉。
      - when: {{any: [apology, empathy], at_least: 1}}
        mood: -20
        goto: serving
        because: 先道歉、认同客户等待的辛苦,客户的火气降了下来。
      - when: {{any: [confirm-need, solution], at_least: 1}}
        mood: -5
        goto: serving
        because: 没有道歉,但马上办事,客户勉强接受。
    fallback:                   # 没有分支成立时 / when no branch holds
      - when: {{misses_at_least: 2}}
        goto: walked-out
        because: 客户连说两次都没人理会他的不满,起身走了。
      - mood: 10                # 没有 goto = 留在本节点,客户追问 / no goto = stay and press
        say:
          - 你倒是说句话啊!我还要赶回去上班呢。

  serving:
    say:
      - 行吧。我取五千,要快一点。
    key_points:
      - {{id: solution, weight: 2}}
      - {{id: timeframe, weight: 1}}
    reference: 好的,我马上为您办理五千元取款,大约两分钟就好,请您输入密码。
    branches:
      - when: {{forbidden: any}}
        mood: 20
        goto: complaint
        because: 眼看要办好,一句忌语让客户彻底失去耐心。
      - when: {{any: [solution, timeframe, confirm-need], at_least: 1}}
        mood: -15
        goto: closing
        because: 有行动、有时间,客户放心了。
    fallback:
      - when: {{misses_at_least: 2}}
        goto: walked-out
        because: 迟迟不办,客户不等了。
      - mood: 10
        say:
          - 到底能不能快点办?

  closing:
    say:
      - (接过现金)好,点清了。
    key_points:
      - thanks
      - farewell
    reference: 这是您的五千元,请收好。谢谢您的耐心等待,请慢走,再见!
    branches:
      - when: {{any: [thanks, farewell], at_least: 1}}
        goto: resolved
        because: 收尾有礼,客户满意离开。
    fallback:
      - goto: walked-out
        because: 钱取到了,却没有一句感谢和道别,客户带着不快离开。

endings:
  resolved:
    kind: success               # success 成功 · partial 部分成功 · failure 失败
    title: 道歉及时,办理迅速,客户满意
    say:
      - 谢谢,下次人多的时候你们也多开个窗口啊。
    debrief: 客户的不满源自等待。你先道歉、认同他的辛苦,再马上办理并说明时间,最后礼貌送别,客户的怨气化解了。
  walked-out:
    kind: partial
    title: 客户带着不满离开
    say:
      - 算了算了,我去别的网点。
    debrief: 你没有说错话,但也没有回应客户的不满或及时办理。来有迎声、问有答声、去有送声,每一步都不能少。
  complaint:
    kind: failure
    title: 客户要求投诉
    say:
      - 把你们经理叫来,我要投诉!
    debrief: 客户本来只是抱怨等得久,一句服务忌语把抱怨变成了投诉。先道歉、再办事,抱怨背后其实是期待。
"""

TEST_TEMPLATE = """\
# "{id}" 的测试 / tests for "{id}": `trainer test {id}` 运行, `-v` 显示每一条。
# scripts: 一整段学员回复,检查结局类型和分数 / whole sessions: ending kind and score
# steps: 从某个节点回复一句,检查去往哪里 / one reply at one node: where it must lead
scenario: {id}
scripts:
  - name: good
    expect: {{kind: success, min_score: 70}}
    replies:
      - 您好,让您久等了,真是对不起!请问您今天要取多少现金?
      - 好的,我马上为您办理,大约两分钟就好,请您输入密码。
      - 这是您的五千元,请收好。谢谢您的耐心,请慢走,再见!
  - name: silent
    expect: {{kind: partial}}
    replies: [嗯。, 嗯。]
  - name: rude
    expect: {{kind: failure, max_score: 40}}
    replies:
      - 没看我正忙着吗?一个一个来!
steps:
  - name: an apology calms him
    from: opening
    reply: 实在不好意思,让您等了这么久。
    expect: serving
  - name: getting straight to work also helps
    from: opening
    reply: 请问您要取多少钱?
    expect: serving
  - name: saying nothing useful makes him press
    from: opening
    reply: 嗯。
    expect: opening
  - name: acting with a time moves to the close
    from: serving
    reply: 我马上帮您办,两分钟就好。
    expect: closing
  - name: a rule excuse at the counter brings a complaint
    from: opening
    reply: 这是规定,我们一直都是这样的。
    expect: complaint
  - name: hurrying him while serving brings a complaint
    from: serving
    reply: 急啥,等等。
    expect: complaint
  - name: no thanks and no goodbye
    from: closing
    reply: 好了。
    expect: walked-out
"""


def schema_reference(directory: Path, schema: Path) -> str:
    """How the modeline should name the schema from a file in ``directory``: relative when possible."""
    try:
        return Path(os.path.relpath(schema.resolve(), directory.resolve())).as_posix()
    except ValueError:
        return schema.resolve().as_posix()


def scaffold(ident: str, schema_ref: str = SCHEMA_FILE) -> tuple[str, str]:
    """The scenario text and the test-file text for a new scenario ``ident``."""
    if not ID_RE.match(ident):
        raise ValueError(f"'{ident}' is not a kebab-case id (lower-case letters, digits and '-')")
    scenario = SCENARIO_TEMPLATE.format(id=ident, schema=schema_ref)
    return scenario, TEST_TEMPLATE.format(id=ident)


def write_scaffold(ident: str, directory: Path, schema: Path, force: bool = False) -> list[Path]:
    """Write ``<id>.yaml`` and ``<id>.test.yaml``; refuses to overwrite unless ``force``."""
    scenario_text, test_text = scaffold(ident, schema_reference(directory, schema))
    targets = [directory / f"{ident}.yaml", directory / f"{ident}{TEST_SUFFIX}"]
    existing = [p for p in targets if p.exists()]
    if existing and not force:
        raise FileExistsError(", ".join(str(p) for p in existing))
    directory.mkdir(parents=True, exist_ok=True)
    for path, text in zip(targets, (scenario_text, test_text)):
        path.write_text(text, encoding="utf-8")
    return targets
