"""A JSON Schema for scenario files, generated from the scenario model.

Editors that speak the YAML language server (VS Code with the Red Hat YAML extension, Neovim,
JetBrains …) read ``scenarios/scenario.schema.json`` through the modeline at the top of every
scenario, ``# yaml-language-server: $schema=scenario.schema.json``, and then complete field
names, offer the allowed roles and ending kinds, and underline typos while the trainer types.

The properties come from the dataclasses in ``trainer.dialogue.scenario``; this module only adds what
the model cannot say by itself: how YAML spells a field (a node's id is its mapping key, ``say``
may be one line or a list), which fields are required, number ranges, and a short description in
Chinese and English. ``trainer schema --write`` regenerates the shipped file; a test checks the
shipped file is the generated one, so the model and the schema cannot drift apart.
"""

from __future__ import annotations

import json
from dataclasses import MISSING, fields, is_dataclass

from trainer.scoring.concepts import Concept
from trainer.dialogue.scenario import (
    DIFFICULTIES, ENDING_KINDS, MOOD_MAX, MOOD_MIN, ROLES, TEMPERAMENTS, Branch, Condition, Customer,
    Ending, KeyPointRef, Node, Scenario,
)

SCHEMA_FILE = "scenario.schema.json"
MODELINE = f"# yaml-language-server: $schema={SCHEMA_FILE}"
ID_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
FORBIDDEN_LEVELS = ("any", "critical", "major", "none")

# definition name -> (model class, fields the YAML does not spell as a key)
MODELS = {
    "scenario": (Scenario, {"file"}),
    "customer": (Customer, set()),
    "keyPoint": (Concept, {"id"}),
    "keyPointRef": (KeyPointRef, set()),
    "node": (Node, {"id", "line"}),
    "ending": (Ending, {"id", "line"}),
    "branch": (Branch, {"line"}),
    "fallback": (Branch, {"line"}),
    "condition": (Condition, {"forbidden_ids"}),
}

# (definition, field) -> the YAML key, where the model's field name cannot be the key
YAML_KEYS = {("keyPoint", "not_forms"): "not"}

REQUIRED = {
    "scenario": ("id", "title", "role", "difficulty", "summary", "objectives", "source", "customer", "start",
                 "nodes", "endings", "on_timeout", "on_rage"),
    "customer": ("name", "need"),
    "keyPoint": ("name", "reason"),
    "keyPointRef": ("id",),
    "node": ("say", "reference", "fallback"),
    "ending": ("kind", "title", "debrief"),
    "branch": ("goto",),
    "fallback": (),
    "condition": (),
}

# (definition, field) -> inclusive (minimum, maximum), as the loader checks them
LIMITS = {
    ("scenario", "minutes"): (0.5, 60),
    ("scenario", "max_turns"): (1, 50),
    ("customer", "mood"): (MOOD_MIN, MOOD_MAX),
    ("customer", "age"): (0, 120),
    ("keyPointRef", "weight"): (0.1, 10),
    ("branch", "mood"): (-100, 100),
    ("fallback", "mood"): (-100, 100),
    ("condition", "at_least"): (1, 50),
    ("condition", "mood_at_least"): (-1000, 1000),
    ("condition", "mood_below"): (-1000, 1000),
    ("condition", "visits_at_least"): (-1000, 1000),
    ("condition", "misses_at_least"): (-1000, 1000),
    ("condition", "turn_at_least"): (-1000, 1000),
}

ENUMS = {("scenario", "role"): ROLES, ("scenario", "difficulty"): DIFFICULTIES, ("ending", "kind"): ENDING_KINDS}
EXAMPLES = {("customer", "temperament"): TEMPERAMENTS, ("scenario", "channel"): ("柜台", "大堂", "电话", "贵宾室")}

_BRANCH_DOC = {
    "when": ("条件:所有写出的条件都成立时选中这一分支;不写 = 总是成立", "conditions, all must hold; none = always holds"),
    "goto": ("去往的节点或结局 id;兜底回复不写 = 留在本节点", "node or ending id to go to; omitted in a fallback = stay here"),
    "mood": ("客户情绪变化:正数更生气,负数更平静", "mood change: + angrier, - calmer"),
    "set": ("设置变量 {变量: 值}", "set variables {name: value}"),
    "add": ("变量加减 {变量: 整数}", "add to numeric variables {name: n}"),
    "say": ("客户这一次说的话(替换目标节点的台词)", "what the customer says this time (replaces the target node's line)"),
    "because": ("客户为什么这样反应,复盘时展示给学员", "why the customer reacts so, shown in the debrief"),
}

DESCRIPTIONS = {
    "scenario": ("服务情景:一位客户、若干对话节点和结局", "A service scenario: a customer, dialogue nodes and endings"),
    "scenario.id": ("情景 id,小写短横线格式,与文件名相同", "kebab-case id, equal to the file name"),
    "scenario.title": ("情景标题(中文)", "title (Chinese)"),
    "scenario.role": ("学员扮演的岗位", "the role the trainee plays"),
    "scenario.difficulty": ("难度", "difficulty"),
    "scenario.minutes": ("预计用时(分钟),课堂演练约 2 分钟", "estimated minutes (a class performance is about 2)"),
    "scenario.summary": ("一句话简介,显示在情景列表里", "one-line summary for the scenario list"),
    "scenario.objectives": ("学习目标", "learning objectives"),
    "scenario.source": ("出自哪份课程材料、哪个案例", "which course text and case it comes from"),
    "scenario.customer": ("客户", "the customer"),
    "scenario.start": ("第一个节点的 id", "id of the first node"),
    "scenario.nodes": ("对话节点:id → 内容", "dialogue nodes: id -> body"),
    "scenario.endings": ("结局:id → 内容", "endings: id -> body"),
    "scenario.key_points": ("本情景自己的要点:id → 识别方式", "the scenario's own key points: id -> how to recognise them"),
    "scenario.always": ("每个节点之前都先尝试的分支(如严重忌语直接结束)",
                        "branches tried before every node's own (e.g. a critical forbidden phrase ends it)"),
    "scenario.variables": ("变量及初始值;用到的变量都要在这里声明", "variables with their initial values; declare every variable used"),
    "scenario.max_turns": ("最多回复次数,用完仍未结束则进入 on_timeout 结局",
                           "replies allowed before the on_timeout ending"),
    "scenario.on_timeout": ("回复次数用完时的结局 id", "ending id when the turns run out"),
    "scenario.on_rage": ("客户情绪达到 100 时的结局 id", "ending id when the mood reaches 100"),
    "scenario.on_vague": ("承诺只说得含糊(尽快、会有人联系您)时,本该成功的结局改为这个结局 id",
                          "ending id a success becomes while a commitment was only made vaguely"),
    "scenario.channel": ("服务渠道:柜台、大堂、电话、贵宾室……", "channel: counter, lobby, phone, VIP room …"),
    "customer": ("客户", "The customer"),
    "customer.name": ("称呼,如 王先生", "how the customer is called, e.g. 王先生"),
    "customer.age": ("年龄", "age"),
    "customer.temperament": ("性格类型:活泼型/力量型/和平型/分析型", "temperament"),
    "customer.need": ("客户真正的需求", "what the customer really needs"),
    "customer.mood": ("开始时的情绪:0 平静 … 100 暴怒", "starting mood: 0 calm … 100 furious"),
    "customer.description": ("情景描述,开场时展示给学员", "situation shown to the trainee at the start"),
    "keyPoint": ("本情景的要点,可被节点和条件引用", "A key point of this scenario, named by nodes and conditions"),
    "keyPoint.name": ("要点名称", "name"),
    "keyPoint.reason": ("漏掉时给学员看的理由", "reason shown when the point is missed"),
    "keyPoint.forms": ("说法模板:(a|b) 任选其一,[x] 可省略,… 最多 6 个字的间隔",
                       "templates: (a|b) alternatives, [x] optional, … a gap of up to 6 characters"),
    "keyPoint.keywords": ("关键词模板,全部出现(顺序不限)才算命中;最适合识别换种说法",
                          "templates that must all appear, in any order: the best way to catch paraphrases"),
    "keyPoint.not_forms": ("不算数的相似说法:与命中重叠时不计(如 凭什么要我道歉)",
                           "look-alike templates: a hit they overlap does not count"),
    "keyPoint.examples": ("示范句子,学员说得足够接近也算命中", "model sentences; a close copy counts"),
    "keyPoint.vague": ("含糊的说法模板(尽快、会有人联系您):只算做到一半", "vague stand-ins: the point is only half done"),
    "keyPoint.hedges": ("让具体说法落空的词(一般、具体以…为准)", "words that take a concrete form back"),
    "keyPoint.vague_reason": ("说得含糊时给学员看的理由", "reason shown when the point was only done vaguely"),
    "keyPoint.press": ("学员说得含糊时客户追问的话", "what the customer says to press for the specifics"),
    "keyPoint.remember": ("承诺类要点:做到一次,后面的条件都算做到", "a commitment: once done, later conditions see it"),
    "keyPoint.grade_like": ("沿用哪个规则库技巧的含糊说法(如 timeframe)", "a rubric technique whose vague markers it shares"),
    "keyPointRef": ("节点要点:一个 id,或 {id, weight}", "A node key point: an id, or {id, weight}"),
    "keyPointRef.id": ("要点 id:本情景 key_points、规则库技巧或礼貌用语类别",
                       "key point id: the scenario's key_points, a rubric technique or a polite category"),
    "keyPointRef.weight": ("权重", "weight"),
    "node": ("对话节点:客户说一句话,等学员回复", "A dialogue node: the customer speaks and waits for a reply"),
    "node.say": ("客户的台词;多条时按到访次数轮换", "the customer's line; variants rotate with the visit count"),
    "node.key_points": ("这一轮期望学员做到的要点", "what the trainee should do in this turn"),
    "node.reference": ("参考话术(提示按钮显示)", "reference reply (shown as the hint)"),
    "node.branches": ("按顺序尝试的分支,第一个条件成立的生效", "branches tried in order; the first whose conditions hold wins"),
    "node.fallback": ("没有分支成立时的兜底回应,按顺序尝试,最后一个不写条件",
                      "when no branch holds: tried in order, the last without conditions"),
    "node.grievance": ("客户在这里有委屈,学员应当道歉", "the customer has a grievance here: an apology is expected"),
    "ending": ("结局", "An ending"),
    "ending.kind": ("结局类型:success 成功 · partial 部分成功 · failure 失败", "ending kind"),
    "ending.title": ("结局标题", "short outcome"),
    "ending.debrief": ("复盘:发生了什么、为什么,用课程的话说", "debrief: what happened and why, in the course's terms"),
    "ending.say": ("客户最后说的话", "the customer's last words"),
    "ending.credit": ("要点 id → 做到时加进复盘的话(可用 {when} 等学员给出的值)",
                      "key point id -> sentence added to the debrief when it was done ({when} and other slots allowed)"),
    "ending.missed": ("要点 id → 没做到时加进复盘的话", "key point id -> sentence added when it was not done"),
    "branch": ("分支:条件成立时去往 goto", "A branch: when its conditions hold, go to goto"),
    "fallback": ("兜底回应:不写 goto 就留在本节点", "A fallback reply: without goto the customer stays on this node"),
    "condition": ("条件:所有写出的条件都要成立", "Conditions: every one written must hold"),
    "condition.forbidden": ("服务忌语:any 任意 · critical 严重 · major 一般 · none 没有,或忌语 id 列表",
                            "forbidden phrases: any|critical|major|none, or a list of forbidden phrase ids"),
    "condition.has": ("必须全部命中的要点 id", "key point ids that must all be present"),
    "condition.any": ("至少命中 at_least 个的要点 id", "key point ids of which at least `at_least` must be present"),
    "condition.at_least": ("any 中至少要命中几个", "how many of `any` must be present"),
    "condition.lacks": ("必须都没有的要点 id", "key point ids that must all be absent"),
    "condition.vague": ("这句回复只含糊地做到、此前也没具体做到的要点 id", "ids done only vaguely in this reply and never concretely before"),
    "condition.mood_at_least": ("情绪至少为", "mood is at least"),
    "condition.mood_below": ("情绪低于", "mood is below"),
    "condition.vars": ("变量等于指定值 {变量: 值}", "variables equal {name: value}"),
    "condition.visits_at_least": ("第几次来到本节点(含本次)", "visits to this node, this one included, at least"),
    "condition.misses_at_least": ("本节点连续几次回复没有命中任何分支", "replies in a row here that matched no branch"),
    "condition.turn_at_least": ("第几轮回复起", "from this turn number on"),
}
for _name in ("branch", "fallback"):
    for _field, _text in _BRANCH_DOC.items():
        DESCRIPTIONS[f"{_name}.{_field}"] = _text


def _describe(key: str) -> str:
    zh, en = DESCRIPTIONS[key]
    return f"{zh}\n{en}"


def _ref(name: str) -> dict:
    return {"$ref": f"#/definitions/{name}"}


_LINES = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
_IDS = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
_LINE = {"type": "object", "required": ["text"], "additionalProperties": False, "properties": {
    "text": {"type": "string", "description": "台词,可用 {when} {day} {amount} 等学员给出的值\nthe line; {when} {day} {amount} … name values the trainee offered"},
    "needs": dict(_IDS, description="只有这些要点做到了(或值已给出)才说这句\nsaid only once these ids were done or slots known"),
    "unless": dict(_IDS, description="这些要点做到了就不说这句\nnot said once any of these was done")}}
_SAY = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"anyOf": [{"type": "string"}, _LINE]}}]}
_SCALAR = {"type": ["string", "number", "boolean", "null"]}


def _field_schema(definition: str, name: str, annotation: str) -> dict:
    """The JSON shape of one dataclass field, from its annotation and how the loader reads it."""
    if definition == "condition" and name == "forbidden":
        return {"anyOf": [{"enum": list(FORBIDDEN_LEVELS)}, {"type": "boolean"},
                          {"type": "array", "items": {"type": "string"}}]}
    if definition in ("branch", "fallback") and name == "when":
        return _ref("condition")
    simple = {"str": {"type": "string"}, "str | None": {"type": "string"}, "int": {"type": "integer"}, "int | None": {"type": "integer"},
              "float": {"type": "number"}, "bool": {"type": "boolean"}, "Forms": {"type": "array", "items": {"type": "string"}}}
    if annotation in simple:
        return dict(simple[annotation])
    if annotation == "tuple[str, ...]":
        return dict(_SAY if name == "say" else _LINES)
    if annotation == "tuple[tuple[str, str], ...]":
        return {"type": "object", "additionalProperties": {"type": "string"}}
    if annotation == "tuple[tuple[str, object], ...]":
        return {"type": "object", "additionalProperties": _SCALAR}
    if annotation == "tuple[tuple[str, int], ...]":
        return {"type": "object", "additionalProperties": {"type": "integer"}}
    if annotation == "tuple[Branch, ...]":
        item = _ref("fallback" if name == "fallback" else "branch")
        return {"anyOf": [item, {"type": "array", "items": item}]}
    if annotation == "tuple[KeyPointRef, ...]":
        return {"type": "array", "items": {"anyOf": [{"type": "string"}, _ref("keyPointRef")]}}
    if annotation.startswith("dict[str, "):
        target = {"Node": "node", "Ending": "ending", "Concept": "keyPoint"}[annotation[10:-1]]
        return {"type": "object", "additionalProperties": _ref(target)}
    if annotation in ("Customer", "Condition"):
        return _ref(annotation.lower())
    raise TypeError(f"schema: no JSON shape for {definition}.{name}: {annotation}")


def _fields(model: type) -> list[tuple[str, str, object]]:
    """Name, annotation and default of each field: the scenario models are dataclasses, a key
    point (``Concept``) is a named tuple, which the scorer loads faster."""
    if is_dataclass(model):
        return [(item.name, str(item.type), item.default) for item in fields(model)]
    defaults = model._field_defaults
    hints = {name: getattr(hint, "__forward_arg__", hint) for name, hint in model.__annotations__.items()}
    return [(name, str(hints[name]), defaults.get(name, MISSING)) for name in model._fields]


def _definition(name: str) -> dict:
    model, skipped = MODELS[name]
    properties = {}
    for field_name, annotation, default in _fields(model):
        if field_name in skipped:
            continue
        prop = _field_schema(name, field_name, annotation)
        limits = LIMITS.get((name, field_name))
        if limits:
            prop["minimum"], prop["maximum"] = limits
        if (name, field_name) in ENUMS:
            prop = {"enum": list(ENUMS[name, field_name])}
        if (name, field_name) in EXAMPLES:
            prop["examples"] = list(EXAMPLES[name, field_name])
        if default is not MISSING and isinstance(default, (int, float, str)) and default != "":
            prop["default"] = default
        prop["description"] = _describe(f"{name}.{field_name}")
        properties[YAML_KEYS.get((name, field_name), field_name)] = prop
    if name == "scenario":
        properties["id"]["pattern"] = ID_PATTERN
    body = {"type": "object", "description": _describe(name), "properties": properties,
            "additionalProperties": False}
    required = [key for key in REQUIRED[name] if key in properties]
    if required:
        body["required"] = required
    return body


def build_schema() -> dict:
    definitions = {name: _definition(name) for name in MODELS if name != "scenario"}
    top = _definition("scenario")
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "trainer scenario / 服务情景文件",
        **{k: v for k, v in top.items()},
        "definitions": definitions,
    }


def schema_text() -> str:
    """The schema exactly as shipped: stable key order, UTF-8, one trailing newline."""
    return json.dumps(build_schema(), ensure_ascii=False, indent=2) + "\n"


def allowed_keys(definition: str) -> tuple[str, ...]:
    """The keys a YAML mapping of this kind may hold (used by lint for unknown-field warnings)."""
    model, skipped = MODELS[definition]
    return tuple(YAML_KEYS.get((definition, name), name) for name, _, _ in _fields(model) if name not in skipped)
