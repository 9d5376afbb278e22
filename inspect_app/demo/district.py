"""Demo data: a believable Songjiang district (松江区) to try the system with.

Everything is drawn from seeded ``random.Random`` streams, so one seed always gives the
same district. Institutions go through the institution service (so every credit code is
validated as in production) and inspections through the inspection services (so hazards
are raised exactly as in production). Nothing here commits: the caller commits once.
"""

from __future__ import annotations

import os
import random
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from stdnum.cn import uscc

from inspect_app.accounts import passwords
from inspect_app.accounts.models import User
from inspect_app.checklists import applicability
from inspect_app.checklists import versions as checklist_versions
from inspect_app.checklists.models import Category, ChecklistVersion, Severity
from inspect_app.clock import frozen_at, local_date, local_zone, utcnow
from inspect_app.errors import Conflict
from inspect_app.extensions import db
from inspect_app.hazards import deadlines, lifecycle, measures
from inspect_app.hazards.models import Hazard, HazardStatus
from inspect_app.inspections import answers as answers_service
from inspect_app.inspections import drafts, hazard_documents, submission
from inspect_app.inspections.answers import AnswerInput
from inspect_app.inspections.models import Inspection, InspectionKind
from inspect_app.institutions import directory
from inspect_app.institutions.directory import InstitutionInput
from inspect_app.institutions.models import Institution
from inspect_app.principal import SYSTEM, Department, Principal, Role

DEFAULT_SEED = 2026
LOGINS_FILE = "demo-logins.txt"
INSTITUTION_COUNT = 60
INSPECTED_COUNT = 25
# Who receives the officers at a home (被检查单位在场人员).
PRESENT_POSITIONS = ("院长", "副院长", "安全管理员", "护理部主任", "后勤主管")
AREA_CODE = "310117"  # 松江区 administrative division code (GB/T 2260)
FULL_LIST_MARKER = "---- 全部演示账号 / All demo users ----"

# The 17 streets and towns (街镇): rough centre (lat, lon) and a few roads for addresses.
STREETS: dict[str, tuple[float, float, tuple[str, ...]]] = {
    "岳阳街道": (31.012, 121.232, ("人民北路", "中山中路", "松汇中路", "西林北路")),
    "永丰街道": (31.006, 121.203, ("荣乐西路", "松汇西路", "玉树路", "仓丰路")),
    "方松街道": (31.030, 121.222, ("文诚路", "新松江路", "三新北路", "文翔路")),
    "中山街道": (31.000, 121.252, ("中山东路", "荣乐东路", "茸梅路", "乐都路")),
    "广富林街道": (31.062, 121.212, ("广富林路", "龙源路", "银泽路", "辰花路")),
    "九里亭街道": (31.122, 121.305, ("涞坊路", "沪亭北路", "九杜路")),
    "泗泾镇": (31.120, 121.265, ("泗通路", "江川北路", "泗陈公路", "望东中路")),
    "佘山镇": (31.095, 121.190, ("佘天昆公路", "外青松公路", "林荫新路")),
    "车墩镇": (30.990, 121.310, ("车亭公路", "虬长路", "华车路")),
    "新桥镇": (31.055, 121.320, ("新站路", "明中路", "莘砖公路")),
    "洞泾镇": (31.085, 121.260, ("长兴东路", "沈砖公路", "洞薛路")),
    "九亭镇": (31.145, 121.330, ("九亭大街", "涞寅路", "九新公路", "伴亭路")),
    "泖港镇": (30.955, 121.180, ("叶新公路", "中民路", "泖亭路")),
    "石湖荡镇": (30.975, 121.130, ("松蒸公路", "塔汇路", "新中路")),
    "新浜镇": (30.935, 121.080, ("新浜公路", "胡曹路", "文华路")),
    "叶榭镇": (30.950, 121.280, ("叶旺路", "叶政路", "叶新公路")),
    "小昆山镇": (31.035, 121.135, ("玉阳路", "昆港公路", "港丰路")),
}
# Where the extra (non-town) homes go: the populous urban streets get more.
STREET_WEIGHTS = {
    "岳阳街道": 4, "永丰街道": 3, "方松街道": 4, "中山街道": 3, "广富林街道": 3,
    "九里亭街道": 3, "泗泾镇": 3, "佘山镇": 2, "车墩镇": 3, "新桥镇": 3, "洞泾镇": 2,
    "九亭镇": 4, "泖港镇": 1, "石湖荡镇": 1, "新浜镇": 1, "叶榭镇": 1, "小昆山镇": 1,
}  # fmt: skip

BRANDS = (  # invented; 云间, 茸城 and 华亭 are old names of Songjiang
    "康乐", "安怡", "颐乐", "松鹤", "乐年", "瑞福", "椿龄", "慈晖", "百乐", "永安",
    "和美", "仁爱", "德馨", "颐和", "福缘", "康馨", "怡心", "长乐", "延年", "宜家",
    "佳和", "馨苑", "祥和", "惠民", "嘉和", "益寿", "松韵", "云间", "茸城", "华亭",
)  # fmt: skip
SURNAMES = (
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
    "胡", "郭", "何", "林", "高", "罗", "沈", "顾", "陆", "钱", "蒋", "姚", "蔡", "金",
)  # fmt: skip
GIVEN = (
    "建", "国", "华", "明", "丽", "芳", "敏", "静", "伟", "强", "军", "勇", "红", "英",
    "秀", "春", "梅", "玲", "琳", "雯", "婷", "杰", "磊", "斌", "峰", "浩", "宇", "晨",
    "慧", "颖", "洁", "燕", "雪", "萍", "倩", "健", "平", "荣", "新", "志", "文", "鹏",
)  # fmt: skip
INSPECTORS = (
    (Department.CIVIL_AFFAIRS, "insp_civil", 4),
    (Department.FIRE, "insp_fire", 3),
    (Department.MARKET_REGULATION, "insp_market", 3),
    (Department.HEALTH, "insp_health", 3),
)
FAIL_NOTES = (
    "现场检查不符合要求，已当面告知机构负责人",
    "记录不全，已要求限期补齐",
    "部分区域不符合要求，已要求整改",
    "抽查发现问题，已责令整改",
)


@dataclass(frozen=True)
class PlannedInstitution:
    name: str
    credit_code: str
    street: str
    address: str
    beds: int
    ownership: str
    features: dict
    lat: float
    lon: float

    def as_data(self) -> InstitutionInput:
        return {
            "name": self.name,
            "credit_code": self.credit_code,
            "street": self.street,
            "address": self.address,
            "beds": self.beds,
            "ownership": self.ownership,
            "features": dict(self.features),
            "lat": self.lat,
            "lon": self.lon,
        }


@dataclass(frozen=True)
class PlannedUser:
    username: str
    display_name: str
    role: str
    department: str | None = None
    institution_index: int | None = None  # into the planned institutions
    street: str | None = None  # a street officer's (街镇)


@dataclass(frozen=True)
class DemoPlan:
    institutions: list[PlannedInstitution]
    users: list[PlannedUser]


@dataclass(frozen=True)
class DemoResult:
    loaded: bool
    logins: str  # the short summary to show people
    logins_path: Path
    counts: dict[str, int]


# ---------------------------------------------------------------- planning (pure)


def short_name(street: str) -> str:
    """岳阳街道 -> 岳阳, 泗泾镇 -> 泗泾: the form used inside institution names."""
    return street.removesuffix("街道").removesuffix("镇")


def credit_code(public: bool, serial: int) -> str:
    """A valid 18-character unified social credit code (GB 32100-2015) in Songjiang.

    Public homes are public institutions (事业单位, ``12``); the rest are private
    non-enterprise units registered with civil affairs (民办非企业单位, ``52``, ``MJ``).
    The embedded organisation code carries its own GB 11714 check character too.
    """
    prefix = "12" if public else "52"
    org_body = (f"4{serial:07d}" if public else f"MJ{serial:06d}")[:8]
    body = f"{prefix}{AREA_CODE}{org_body}{_org_check(org_body)}"
    return body + uscc.calc_check_digit(body)


def _org_check(body: str) -> str:
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c, 36) * w for c, w in zip(body, weights, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def person_name(rng: random.Random, taken: set[str]) -> str:
    """A plausible Chinese personal name, unique within the demo."""
    while True:
        given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        name = rng.choice(SURNAMES) + given
        if name not in taken:
            taken.add(name)
            return name


def _features(rng: random.Random, beds: int, kitchen_p: float, medical_p: float) -> dict:
    kitchen = rng.random() < kitchen_p
    return {
        "kitchen": kitchen,
        "gas": kitchen and rng.random() < 0.5,
        "lpg": False,
        "medical": rng.random() < (0.85 if beds >= 150 else medical_p),
        # A home without a kitchen has its meals delivered (no random draw: the same
        # seed plans the same district as before these features existed).
        "meals_delivered": not kitchen,
    }


def _address(rng: random.Random, street: str) -> str:
    road = rng.choice(STREETS[street][2])
    number = rng.randint(1, 1200)
    if rng.random() < 0.3:
        return f"上海市松江区{street}{road}{number}弄{rng.randint(1, 60)}号"
    return f"上海市松江区{street}{road}{number}号"


def _position(rng: random.Random, street: str) -> tuple[float, float]:
    lat, lon = STREETS[street][:2]
    return round(lat + rng.uniform(-0.012, 0.012), 6), round(lon + rng.uniform(-0.012, 0.012), 6)


def _extra_home(rng: random.Random, street: str, names: set[str]) -> tuple:
    """Name, beds, ownership and features of one extra (non-town) home in ``street``."""
    short = short_name(street)
    kind = rng.random()
    if kind < 0.35:  # community-embedded care home (长者照护之家): small
        beds = rng.randint(20, 49)
        ownership = "public_private" if rng.random() < 0.6 else "private"
        roads = [
            r.removesuffix("公路").removesuffix("路").removesuffix("大街")
            for r in STREETS[street][2]
        ]
        candidates = [f"{street}{road}长者照护之家" for road in roads]
        candidates += [f"{street}{word}长者照护之家" for word in ("第一", "第二", "第三")]
        features = _features(rng, beds, kitchen_p=0.6, medical_p=0.1)
    else:  # a private or public-private home of some size
        beds = rng.choice((rng.randint(60, 150), rng.randint(100, 260), rng.randint(200, 450)))
        beds = beds // 2 * 2
        ownership = "public_private" if rng.random() < 0.2 else "private"
        brand = rng.choice(BRANDS)
        candidates = [
            f"{street}{brand}养老院",
            f"松江区{brand}颐养院",
            f"上海松江{brand}老年公寓",
            f"{short}{brand}康养中心",
            f"{short}{brand}颐养院",
        ]
        features = _features(rng, beds, kitchen_p=0.95, medical_p=0.25)
    rng.shuffle(candidates)
    name = next((c for c in candidates if c not in names), None)
    return name, beds, ownership, features


def plan_district(seed: int = DEFAULT_SEED, count: int = INSTITUTION_COUNT) -> DemoPlan:
    """The institutions and users for ``seed``; pure, so tests can compare with the database."""
    rng = random.Random(f"demo-district:{seed}")
    serials: set[int] = set()
    rows: list[tuple[str, str, int, str, dict]] = []  # name, street, beds, ownership, features

    # The district welfare home and one town home per street/town (街镇敬老院).
    rows.append(
        (
            "松江区社会福利院",
            "中山街道",
            600,
            "public",
            {
                "kitchen": True,
                "gas": False,
                "lpg": False,
                "medical": True,
                "meals_delivered": False,
            },
        )
    )
    for street in STREETS:
        beds = rng.randint(40, 150) * 2
        ownership = "public" if rng.random() < 0.6 else "public_private"
        rows.append((f"{street}敬老院", street, beds, ownership, _features(rng, beds, 1.0, 0.3)))
    streets = list(STREET_WEIGHTS)
    weights = list(STREET_WEIGHTS.values())
    while len(rows) < count:
        street = rng.choices(streets, weights)[0]
        name, beds, ownership, features = _extra_home(rng, street, {r[0] for r in rows})
        if name is not None:
            rows.append((name, street, beds, ownership, features))
    rows = rows[:count]

    institutions = []
    for name, street, beds, ownership, features in rows:
        while (serial := rng.randint(1, 999_999)) in serials:
            pass
        serials.add(serial)
        lat, lon = _position(rng, street)
        institutions.append(
            PlannedInstitution(
                name=name,
                credit_code=credit_code(ownership == "public", serial),
                street=street,
                address=_address(rng, street),
                beds=beds,
                ownership=ownership,
                features=features,
                lat=lat,
                lon=lon,
            )
        )

    people: set[str] = set()
    users = [
        PlannedUser("bureau", person_name(rng, people), Role.BUREAU),
        PlannedUser("bureau2", person_name(rng, people), Role.BUREAU),
    ]
    for department, prefix, how_many in INSPECTORS:
        users += [
            PlannedUser(f"{prefix}{n}", person_name(rng, people), Role.INSPECTOR, department)
            for n in range(1, how_many + 1)
        ]
    users += [
        PlannedUser(f"mgr{i + 1:03d}", person_name(rng, people), Role.MANAGER, institution_index=i)
        for i in range(len(institutions))
    ]
    # A street officer (街镇) per street: the streets' civil affairs offices.
    users += [
        PlannedUser(
            f"street{n:02d}",
            f"{street}民政办",
            Role.STREET,
            Department.CIVIL_AFFAIRS,
            street=street,
        )
        for n, street in enumerate(STREETS, start=1)
    ]
    return DemoPlan(institutions, users)


# ---------------------------------------------------------------- loading


def database_is_empty() -> bool:
    """Demo data only goes into a database without institutions or users."""
    institutions = db.session.scalar(select(func.count()).select_from(Institution))
    users = db.session.scalar(select(func.count()).select_from(User))
    return not institutions and not users


def load_demo_data(
    *,
    seed: int | None = None,
    if_empty: bool = False,
    logins_path: Path,
    checklist_dir: Path,
) -> DemoResult:
    """Load the demo district and write its logins; with ``if_empty``, skip a used database.

    Refuses (``Conflict``) to add demo users and institutions to a database that already
    has some, unless ``if_empty`` asks to skip quietly: mixing demo and real records would
    be worse than either.
    """
    seed = DEFAULT_SEED if seed is None else seed
    if not database_is_empty():
        if if_empty:
            return DemoResult(False, saved_logins(logins_path), logins_path, {})
        raise Conflict(
            "数据库已有机构或用户，演示数据只能载入空数据库（可加 --if-empty 跳过）"
            " / The database already has institutions or users; demo data loads only into"
            " an empty database (use --if-empty to skip)"
        )
    if not checklist_versions.latest_of_each():
        checklist_versions.sync_directory(checklist_dir)

    plan = plan_district(seed)
    institutions = [directory.create_institution(SYSTEM, p.as_data()) for p in plan.institutions]

    password = secrets.token_urlsafe(9)
    # One hash for every demo user: argon2 costs ~50 ms a hash, by design.
    password_hash = passwords.hash_password(password)
    users = []
    for number, planned in enumerate(plan.users, start=1):
        institution = (
            institutions[planned.institution_index]
            if planned.institution_index is not None
            else None
        )
        users.append(
            User(
                username=planned.username,
                display_name=planned.display_name,
                role=planned.role,
                department=planned.department,
                street=planned.street,
                institution_id=institution.id if institution else None,
                password_hash=password_hash,
                # Demo inspectors hold enforcement certificates: the spot-check pool.
                enforcement_cert_no=(
                    f"沪执31011700{number:03d}"
                    if planned.role in (Role.INSPECTOR, Role.STREET)
                    else None
                ),
            )
        )
    db.session.add_all(users)
    db.session.flush()

    inspectors = [
        u for u in users if u.role == Role.INSPECTOR and u.department == Department.CIVIL_AFFAIRS
    ]
    partners = [
        u for u in users if u.role == Role.INSPECTOR and u.department != Department.CIVIL_AFFAIRS
    ]
    history = random.Random(f"demo-history:{seed}")
    inspections = _inspection_history(history, institutions, inspectors, partners)
    _hazard_stories(history, users)
    _measures(users)
    hazard_count = sum(len(i.hazard_ids or []) for i in inspections)

    summary, full = _logins_text(password, users, institutions, inspections)
    write_private_file(logins_path, f"{summary}\n{FULL_LIST_MARKER}\n{full}\n")
    counts = {
        "institutions": len(institutions),
        "users": len(users),
        "inspections": len(inspections),
        "hazards": hazard_count,
    }
    return DemoResult(True, summary, logins_path, counts)


def _inspection_history(
    rng: random.Random,
    institutions: list[Institution],
    inspectors: list[User],
    partners: list[User],
) -> list[Inspection]:
    """One submitted routine inspection for some homes, oldest visit first, each made
    through the same service calls a phone's requests would make; every other visit
    is a joint one, a civil affairs inspector with one of another department.

    The visits lie in the past year; the service calls run under ``frozen_at`` so
    that submissions, hazards and their events carry the visit's day (the event log is
    append-only and is never rewritten). Older findings are therefore already overdue.
    """
    chosen = rng.sample(institutions, min(INSPECTED_COUNT, len(institutions)))
    visits = sorted(
        ((_visit_time(rng), institution) for institution in chosen),
        key=lambda pair: (pair[0], pair[1].id),
    )
    checklists = checklist_versions.latest_of_each()
    # Every visit has two certified officers and names the home's person present; drawn
    # from their own stream, so the rest of the demo is what it was with one officer.
    people = random.Random(f"demo-people:{rng.random()}")
    taken: set[str] = set()
    done = []
    for number, (started_at, institution) in enumerate(visits):
        lead = rng.choice(inspectors)
        inspector = Principal.of(lead)
        partner = rng.choice(partners) if number % 2 and partners else None
        if partner is None:  # two civil affairs officers; every other visit is joint
            partner = people.choice([u for u in inspectors if u.id != lead.id] or partners)
        present = (person_name(people, taken), people.choice(PRESENT_POSITIONS))
        done.append(_inspect(rng, institution, inspector, checklists, started_at, partner, present))
    return done


def _visit_time(rng: random.Random) -> datetime:
    """A working-day morning or afternoon, 3 days to about a year ago (local time)."""
    day: date = local_date(utcnow()) - timedelta(days=int(rng.triangular(3, 360, 40)))
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    clock = time(rng.choice((9, 10, 13, 14, 15)), rng.choice((0, 10, 20, 30, 40, 50)))
    return datetime.combine(day, clock, tzinfo=local_zone())


def _inspect(
    rng: random.Random,
    institution: Institution,
    inspector: Principal,
    checklists: list[ChecklistVersion],
    started_at: datetime,
    partner: User,
    present: tuple[str, str],
) -> Inspection:
    inspection_id = uuid.UUID(int=rng.getrandbits(128), version=4)
    features = institution.features
    keys = [
        version.key
        for version in checklists
        if any(
            applicability.applies(item, features)
            for item in checklist_versions.items_by_code(version).values()
        )
    ]
    with frozen_at(started_at):
        _start_draft(rng, institution, inspector, inspection_id, keys, started_at, partner, present)
    fail_rate = rng.choice((0.0, 0.02, 0.03, 0.05, 0.08, 0.12))
    answers: list[AnswerInput] = []
    for version in checklists:
        if version.key not in keys:
            continue
        for code, item in checklist_versions.items_by_code(version).items():
            if applicability.applies(item, features):
                answers.append(_answer(rng, version.key, code, item, fail_rate))
                failed = answers[-1]["result"] == "fail"
                # A quarter of the general failures are put right during the visit.
                on_site = failed and item["severity"] == Severity.GENERAL and rng.random() < 0.25
                if failed and (on_site or item.get("photo_required_on_fail")):
                    answers[-1]["photo_ids"] = [
                        _evidence_photo(inspector, f"{inspection_id}:{version.key}:{code}")
                    ]
                if on_site:
                    answers[-1]["fixed_on_site"] = True
    with frozen_at(started_at + timedelta(minutes=rng.randint(40, 150))):
        answers_service.save_answers(inspector, inspection_id, answers)
        return submission.submit(inspector, inspection_id).inspection


# What happens to a hazard after the visit, dealt round so that each is shown at least once.
STORIES = (
    "cleared_on_time",
    "acknowledged",
    "cleared_late",
    "rectified",
    "rejected_then_cleared",
    "extended",
    "left_open",
    "referred",
    "voided",
    "cleared_on_time",
    "left_open",
)


def _hazard_stories(rng: random.Random, users: list[User]) -> None:
    """Carry the hazards of the history on through the lifecycle services, each step at
    its own past moment (``frozen_at``), in time order across the district: managers
    acknowledge and rectify, the finding department or the bureau reviews (and sometimes
    rejects), deadlines are extended, hazards referred and one recorded in error voided.
    Before each step the deadline job runs as the scheduler would have, so lapses are
    recorded when they happened; steps that would lie in the future are left out."""
    now = utcnow()
    bureau, second_officer = (Principal.of(u) for u in users if u.role == Role.BUREAU)
    managers = {u.institution_id: Principal.of(u) for u in users if u.role == Role.MANAGER}
    by_id = {u.id: Principal.of(u) for u in users}
    # Who re-inspects a major hazard on site (复查) before the bureau approves it.
    recheckers = [
        u for u in users if u.role == Role.INSPECTOR and u.department == Department.CIVIL_AFFAIRS
    ]
    hazards = db.session.scalars(
        select(Hazard)
        .where(Hazard.status == HazardStatus.OPEN)
        # By what the visit made, never by the random id: the same seed tells the same
        # story of the same hazard.
        .order_by(Hazard.found_at, Hazard.institution_id, Hazard.checklist_key, Hazard.item_code)
    ).all()
    steps: list[tuple[datetime, int, Hazard, str, Principal]] = []
    for number, hazard in enumerate(hazards):
        story = STORIES[number % len(STORIES)]
        manager = managers[hazard.institution_id]
        reviewer = bureau if hazard.severity == Severity.MAJOR else by_id[hazard.found_by_id]
        found, due = hazard.found_at, hazard.due_at
        days = (due - found).days
        plan: list[tuple[datetime, str, Principal]] = {
            "left_open": [],
            "acknowledged": [(found + timedelta(days=1), "acknowledge", manager)],
            "rectified": [
                (found + timedelta(days=1), "acknowledge", manager),
                (found + timedelta(days=max(2, days // 2)), "rectify", manager),
            ],
            "cleared_on_time": [
                (found + timedelta(days=1), "acknowledge", manager),
                (found + timedelta(days=max(2, days // 2)), "rectify", manager),
                (found + timedelta(days=max(3, days // 2 + 2)), "approve", reviewer),
            ],
            "cleared_late": [
                (due + timedelta(days=4), "rectify", manager),
                (due + timedelta(days=6), "approve", reviewer),
            ],
            "rejected_then_cleared": [
                (found + timedelta(days=2), "rectify", manager),
                (found + timedelta(days=4), "reject", reviewer),
                (found + timedelta(days=8), "rectify", manager),
                (found + timedelta(days=9), "approve", reviewer),
            ],
            "extended": [
                (found + timedelta(days=1), "acknowledge", manager),
                # Near the deadline, but after the acknowledgement: items fixed at once
                # (0 or 1 days) have their deadline before it.
                # The institution applies before the deadline; the department that
                # issued the notice decides a day later (every other one refused).
                (max(found + timedelta(days=2), due - timedelta(days=3)), "apply", manager),
                (
                    max(found + timedelta(days=3), due - timedelta(days=2)),
                    "grant" if number % 2 else "refuse",
                    reviewer,
                ),
            ],
            "referred": [(found + timedelta(days=1), "refer", bureau)],
            "voided": [
                (found + timedelta(days=1), "propose_void", bureau),
                (found + timedelta(days=2), "approve_void", second_officer),
            ],
        }[story]
        for order, (when, action, actor) in enumerate(plan):
            when += timedelta(hours=rng.randint(1, 6))
            if when >= now:
                break
            steps.append((when, order, hazard, action, actor))
    place = {hazard.id: number for number, hazard in enumerate(hazards)}
    steps.sort(key=lambda step: (step[0], place[step[2].id], step[1]))
    for when, _, hazard, action, actor in steps:
        with frozen_at(when):
            deadlines.record_overdue(when)
            _take(rng, hazard, action, actor, recheckers)
    deadlines.record_overdue(now)


def _measures(users: list[User]) -> None:
    """The bureau's measures: each hazard still open a week or more past its deadline is
    put under supervision (挂牌督办) and its institution's head summoned (约谈, once per
    home), after the hazard's last step, when that moment is past."""
    bureau = Principal.of(next(u for u in users if u.role == Role.BUREAU))
    now = utcnow()
    overdue = db.session.scalars(
        select(Hazard)
        .where(Hazard.overdue_recorded_at.is_not(None), Hazard.status != HazardStatus.VOIDED)
        .order_by(Hazard.due_at, Hazard.institution_id, Hazard.checklist_key, Hazard.item_code)
    ).all()
    summoned: set[int] = set()
    for hazard in overdue:
        if hazard.status in (HazardStatus.CLEARED, HazardStatus.VOIDED):
            continue
        when = max(hazard.due_at + timedelta(days=7), hazard.events[-1].at + timedelta(hours=2))
        if when >= now:
            continue
        with frozen_at(when):
            measures.on_hazard(bureau, hazard.id, "supervised", "逾期未整改，挂牌督办")
            if hazard.institution_id not in summoned:
                summoned.add(hazard.institution_id)
                measures.on_institution(
                    bureau, hazard.institution_id, "interviewed", "约谈机构负责人，督促限期整改"
                )


def _take(
    rng: random.Random, hazard: Hazard, action: str, actor: Principal, recheckers: list[User]
) -> None:
    if action == "acknowledge":
        lifecycle.perform(actor, hazard.id, action, note="已制定整改计划，落实责任人")
    elif action == "rectify":
        photo = _evidence_photo(actor, f"rectified:{hazard.id}:{hazard.event_count}")
        lifecycle.perform(actor, hazard.id, action, note="已整改完毕", photo_ids=[photo])
    elif action == "approve" and hazard.severity == Severity.MAJOR:
        # Majors close on site: two officers re-inspect (复查), then the bureau approves.
        recheck = _recheck_on_site(hazard, recheckers)
        lifecycle.perform(
            actor,
            hazard.id,
            action,
            note="经现场复查，整改到位，予以销号",
            data={"inspection_id": str(recheck)},
        )
    elif action == "approve":
        lifecycle.perform(actor, hazard.id, action, note="现场复查合格，予以销号")
    elif action == "reject":
        lifecycle.perform(actor, hazard.id, action, note="复查未通过：整改不彻底")
    elif action == "apply":
        if hazard.due_at > utcnow() and hazard.status in (
            HazardStatus.OPEN,
            HazardStatus.RECTIFYING,
        ):
            due = hazard.due_at + timedelta(days=rng.choice((10, 15, 20)))
            lifecycle.apply_for_extension(actor, hazard.id, due, "需采购设备，供货周期长，申请延期")
    elif action in ("grant", "refuse"):
        if hazard.extension_requested_at is not None:
            reason = "理由充分，同意延期" if action == "grant" else "可先采取临时措施，按原期限整改"
            _, seq = lifecycle.decide_extension(actor, hazard.id, action, reason)
            if seq is not None:
                hazard_documents.issue(hazard.id, "extend", seq)
    elif action == "refer":
        department = (
            Department.FIRE if hazard.category == Category.FIRE else Department.MARKET_REGULATION
        )
        _, seq = lifecycle.refer(actor, hazard.id, department, "涉及其他部门职责，依法移送")
        if seq is not None:
            hazard_documents.issue(hazard.id, "refer", seq)
    elif action == "propose_void":
        lifecycle.propose_void(actor, hazard.id, "误登记：该项不适用于本机构")
    elif action == "approve_void":
        _, seq = lifecycle.decide_void(actor, hazard.id, "approve", "核实属误登记，同意撤销")
        if seq is not None:
            hazard_documents.issue(hazard.id, "correct", seq)


def _recheck_on_site(hazard: Hazard, recheckers: list[User]) -> uuid.UUID:
    """A re-inspection (复查, ``follow_up``) of one hazard by two civil affairs officers, with
    a photo, found rectified; drawn from its own stream so the rest of the demo is as it was."""
    rng = random.Random(f"demo-recheck:{hazard.id}")
    lead, partner = rng.sample(recheckers, 2)
    officer = Principal.of(lead)
    inspection_id = uuid.UUID(int=rng.getrandbits(128), version=4)
    photo = _evidence_photo(officer, f"recheck:{hazard.id}")
    drafts.save_draft(
        officer,
        inspection_id,
        {
            "institution_id": hazard.institution_id,
            "checklists": [],
            "kind": InspectionKind.FOLLOW_UP,
            "started_at": utcnow() - timedelta(minutes=rng.randint(30, 90)),
            "assignee_ids": [partner.id],
            "present_person_name": person_name(rng, set()),
            "present_person_position": rng.choice(PRESENT_POSITIONS),
            "rechecks": [
                {
                    "hazard_id": hazard.id,
                    "result": "rectified",
                    "note": "现场复查：整改措施已落实",
                    "photo_ids": [uuid.UUID(photo)],
                }
            ],
        },
    )
    submission.submit(officer, inspection_id)
    return inspection_id


def _start_draft(
    rng: random.Random,
    institution: Institution,
    inspector: Principal,
    inspection_id: uuid.UUID,
    keys: list[str],
    started_at: datetime,
    partner: User,
    present: tuple[str, str],
) -> None:
    """The draft as a phone makes it: two officers (行政处罚法 第四十二条), the person present."""
    assert institution.lat is not None and institution.lon is not None  # every demo home
    drafts.save_draft(
        inspector,
        inspection_id,
        {
            "institution_id": institution.id,
            "checklists": keys,
            "kind": InspectionKind.ROUTINE,
            "started_at": started_at,
            "location": {
                "lat": round(institution.lat + rng.uniform(-0.0003, 0.0003), 6),
                "lon": round(institution.lon + rng.uniform(-0.0003, 0.0003), 6),
                "accuracy_m": float(rng.randint(5, 30)),
            },
            "assignee_ids": [partner.id],
            "present_person_name": present[0],
            "present_person_position": present[1],
        },
    )


def _evidence_photo(inspector: Principal, seed: str) -> str:
    """A made-up photo for a failed item that requires one (the submit checks)."""
    import io

    from inspect_app.photos import images, ingest

    return str(ingest.ingest(inspector, io.BytesIO(images.placeholder_jpeg(seed))).photo.id)


def _answer(rng: random.Random, key: str, code: str, item: dict, fail_rate: float) -> AnswerInput:
    """Mostly pass, a few fail (major items half as often), some not applicable on site."""
    roll = rng.random()
    if roll < (fail_rate / 2 if item["severity"] == Severity.MAJOR else fail_rate):
        result = "fail"
    elif roll > 0.95:
        result = "na"
    else:
        result = "pass"
    answer: AnswerInput = {"checklist": key, "item_code": code, "result": result}
    if result == "fail":
        answer["note"] = rng.choice(FAIL_NOTES)
    if result != "na":
        value = _value(rng, item, result == "pass")
        if value is not None:
            answer["value"] = value
    return answer


def _value(rng: random.Random, item: dict, passed: bool) -> Any:
    """A reading consistent with the result: inside ``pass_range`` when it passed.

    For choice items the first choice is a passing one (the checklists' convention); a fail
    picks one of the choices marked ``passes: false``.
    """
    if item["answer_type"] == "choice":
        choices = [c["value"] for c in item["choices"]]
        failing = [c["value"] for c in item["choices"] if c.get("passes") is False]
        return choices[0] if passed else rng.choice(failing or choices[1:])
    if item["answer_type"] != "number":
        return None
    bounds = item.get("pass_range") or {}
    low, high = bounds.get("min"), bounds.get("max")
    if passed:
        if low is not None and high is not None:
            span = high - low
            value = rng.uniform(low + span / 8, high - span / 8)
        elif low is not None:
            value = low + abs(low) * rng.uniform(0.05, 0.6) + 1
        elif high is not None:
            value = high - abs(high) * rng.uniform(0.05, 0.5) - 1
        else:
            value = rng.uniform(1, 100)
    elif high is not None and (low is None or rng.random() < 0.7):
        value = high + abs(high) * rng.uniform(0.1, 0.5) + 1
    elif low is not None:
        value = low - abs(low) * rng.uniform(0.1, 0.5) - 1
    else:
        value = rng.uniform(1, 100)
    return round(value) if abs(value) >= 20 else round(value, 1)


# ---------------------------------------------------------------- logins


def _logins_text(
    password: str,
    users: list[User],
    institutions: list[Institution],
    inspections: list[Inspection],
) -> tuple[str, str]:
    """A short summary (one login per kind of user) and the full list."""
    by_id = {i.id: i for i in institutions}
    lines = [
        "松江区演示数据登录信息 / Songjiang demo logins",
        "所有演示账号共用一个密码 / Every demo user shares one password",
        f"密码 / password: {password}",
        '登录 / log in: POST /api/v1/auth/login {"username": ..., "password": ...}',
        "",
    ]
    bureau = next(u for u in users if u.role == Role.BUREAU)
    lines.append(f"区民政局 / bureau: {bureau.username} ({bureau.display_name})")
    for department, _, _ in INSPECTORS:
        first = next(u for u in users if u.department == department)
        lines.append(
            f"{department.label}检查员 / {department} inspector: "
            f"{first.username} ({first.display_name})"
        )
    streets = [u for u in users if u.role == Role.STREET]
    if streets:
        lines.append(
            "街镇人员（每街镇一名）/ street officers, one per street: "
            + "，".join(f"{u.username} {u.street}" for u in streets)
        )
    managers = [u for u in users if u.role == Role.MANAGER]
    # Managers with hazards to rectify now (open or being rectified) come first.
    with_hazards = set(
        db.session.scalars(
            select(Hazard.institution_id).where(
                Hazard.status.in_((HazardStatus.OPEN, HazardStatus.RECTIFYING))
            )
        )
    )
    shown = [m for m in managers if m.institution_id in with_hazards][:1] or managers[:1]
    shown += [m for m in managers if m not in shown][:1]
    for manager in shown:
        assert manager.institution_id is not None
        institution = by_id[manager.institution_id]
        has = "，有待整改隐患 / has open hazards" if manager.institution_id in with_hazards else ""
        lines.append(
            f"机构管理员 / manager: {manager.username} ({manager.display_name})"
            f" - {institution.name}{has}"
        )
    full = []
    for user in users:
        where = (
            by_id[user.institution_id].name
            if user.institution_id
            else user.street or user.department or ""
        )
        full.append(f"{user.username}\t{user.role}\t{where}\t{user.display_name}".rstrip())
    return "\n".join(lines), "\n".join(full)


def saved_logins(path: Path) -> str:
    """The summary written when the demo data was loaded, or where it should have been."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return (
            f"未找到演示账号文件 {path} / No demo logins file at {path}"
            " (the data was not loaded by demo-data, or the file was removed;"
            " set a password with `flask create-user` or reload into an empty database)"
        )
    summary = text.split(FULL_LIST_MARKER, 1)[0].rstrip()
    return f"{summary}\n(全部账号 / all demo users: {path})"


def write_private_file(path: Path, text: str) -> None:
    """Write-to-temp, fsync, rename; readable by the owner only (it holds a password)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
