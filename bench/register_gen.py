"""Generate synthetic person registers of the region, with planted duplicates.

Used by ``dedupe_bench.py`` and ``index_bench.py``.  Names come from common Serbian,
Montenegrin, Croatian, Bosnian, Albanian and Macedonian first names and surnames, drawn with a
Zipf-like weight so that the register holds many namesakes (same name, other birth date), as real
registers do.  Each planted duplicate is written another way: other script, other spelling
(ASCII, English, German), MRZ form, with the father's name, a typing slip, "SURNAME, Given", and
sometimes with birth day and month swapped.

Distinct people never share both a folded name and a birth date (or its day/month swap): such
a pair cannot be told apart by any matcher from these fields, so it would only add noise.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


def _w(text: str) -> list[str]:
    """Split a space-separated word list (keeps the long name lists readable)."""
    return text.split()


# Surnames are written in Serbian/Croatian/Bosnian Latin, Albanian or Macedonian Latin (scholarly).
COMMUNITIES: dict[str, dict[str, list[str]]] = {
    "RS": {
        "m": _w("Marko Nikola Stefan Milan Dragan Zoran Goran Nenad Dejan Miloš Đorđe Vuk Ljubomir Predrag "
             "Slobodan Vladimir Aleksandar Nemanja Dušan Bojan Jovan Petar Srđan Željko Radovan Miroslav "
             "Branislav Dragoljub Vladan Uroš Lazar Nebojša Saša Igor Ivan Milorad Đorđije Živko Mladen "
             "Dalibor Čedomir Ranko"),
        "f": _w("Jelena Milica Marija Ana Ivana Jovana Dragana Snežana Ljiljana Slađana Tijana Maja Vesna "
             "Gordana Mirjana Biljana Nataša Katarina Danijela Sanja Olivera Dušica Žaklina Jasmina "
             "Milena Svetlana Nevena Ksenija Tamara"),
        "s": _w("Petrović Jovanović Nikolić Marković Đorđević Stojanović Ilić Pavlović Stanković Milošević "
             "Tomić Kostić Lazić Živković Popović Mitrović Savić Ćirić Radović Kovačević Đurić Vuković "
             "Šarić Simić Todorović Obradović Stevanović Janković Ristić Petković Milovanović Lukić Antić "
             "Knežević Jovičić Marjanović Đukić Pešić Nedeljković Ćosić Ranđelović Gajić Mladenović "
             "Zdravković Milenković Bogdanović Vasić Živanović Aćimović Cvetković Šćekić Vujošević Raičević "
             "Vukčević Radulović Bulatović Đukanović Ljubičić Njegovan Džaković"),
    },
    "HR": {
        "m": _w("Ivan Josip Krešimir Tomislav Ante Luka Mario Zvonimir Hrvoje Dario Marko Petar Stjepan "
             "Damir Goran Davor Nikola Matej Domagoj Boris"),
        "f": _w("Ivana Petra Lucija Martina Ana Marija Katarina Maja Nikolina Sanja Željka Vesna Andreja "
             "Mirela Ivona"),
        "s": _w("Horvat Kovačić Babić Marić Jurić Novak Knežević Vuković Perić Šimić Božić Blažević Matić "
             "Tomić Pavić Grgić Bašić Radić Lovrić Kralj Jukić Brkić Mandić Filipović Rukavina Šarić "
             "Barišić Ćosić Pranjić"),
    },
    "BA": {
        "m": _w("Emir Amir Adnan Mirza Nermin Senad Jasmin Haris Edin Elvir Kenan Admir Alen Damir Samir "
             "Armin Tarik Dženan Suad Safet Muhamed Ismet Mirsad Nihad Zlatan"),
        "f": _w("Selma Amra Lejla Emina Aida Merima Senada Jasmina Amela Azra Lamija Edina Alma Belma "
             "Dženana Adisa Emira Sabina Naida"),
        "s": _w("Hodžić Begić Softić Hadžić Mujić Delić Kovačević Husić Mehmedović Čaušević Salihović "
             "Ibrahimović Hasanović Ahmetović Omerović Alić Suljić Mešić Halilović Hrnjić Bešić Smajić "
             "Karić Jusić Mahmutović Osmanović Kadić Hajdarević Mujkić Džafić Šehić Ćatić"),
    },
    "AL": {
        "m": _w("Arben Besnik Agron Gëzim Fatmir Shpëtim Xhevdet Ilir Driton Valon Blerim Kujtim Artan "
             "Fatos Gjergj Gjon Luan Bujar Ermal Flamur Genc Hysen Lulzim Mentor Naim Qemal Rrahman "
             "Skënder Dritan Ylli"),
        "f": _w("Luljeta Drita Arta Blerta Vjosa Mimoza Teuta Fatjona Valbona Shqipe Ardita Besa Donika "
             "Elira Jehona Lindita Mirlinda Rrezarta Vlora Zana"),
        "s": _w("Krasniqi Hoxha Berisha Gashi Shala Morina Bytyçi Thaçi Rexhepi Zeqiri Kelmendi Hyseni "
             "Osmani Dervishi Lleshi Shehu Memeti Ahmeti Kryeziu Haxhiu Bajrami Sadiku Maliqi Hasani "
             "Musliu Rama Çeku Dema Gjoka Qerimi Hajdari Mustafa Jashari Limani Xhaferi Halili"),
    },
    "MK": {
        "m": _w("Горан Зоран Благоја Ѓорѓи Кирил Трајко Димитар Стојан Љупчо Коста Александар Игор Влатко "
             "Никола Дејан Бојан Петар Јован Драган Зоран Митко Ванчо Жарко"),
        "f": _w("Марија Елена Билјана Весна Катерина Снежана Ана Јасмина Даниела Ивана Маја Светлана "
             "Олгица Ѓурѓица Татјана"),
        "s": _w("Стојановски Трајковски Петровски Николовски Ристовски Димитриевски Јовановски Ангеловски "
             "Ѓорѓиевски Костовски Митревски Илиевски Андоновски Спасовски Наумовски Ивановски "
             "Тодоровски Велјановски Кузмановски Ќосевски Поповски Алексовски Станковски"),
    },
}
NATIONALITY = {"RS": ["RS", "ME"], "HR": ["HR", "BA"], "BA": ["BA", "ME"], "AL": ["XK", "AL", "MK"],
               "MK": ["MK"]}
COMMUNITY_WEIGHTS = {"RS": 0.32, "HR": 0.12, "BA": 0.18, "AL": 0.23, "MK": 0.15}

_SR_CYR = {"lj": "љ", "nj": "њ", "dž": "џ", "a": "а", "b": "б", "v": "в", "g": "г", "d": "д", "đ": "ђ",
           "e": "е", "ž": "ж", "z": "з", "i": "и", "j": "ј", "k": "к", "l": "л", "m": "м", "n": "н",
           "o": "о", "p": "п", "r": "р", "s": "с", "t": "т", "ć": "ћ", "u": "у", "f": "ф", "h": "х",
           "c": "ц", "č": "ч", "š": "ш"}
_MK_LAT = {"ѓ": "gj", "ќ": "kj", "ѕ": "dz", "ж": "ž", "ч": "č", "ш": "š", "џ": "dž", "ј": "j",
           "љ": "lj", "њ": "nj"}
_BASE_CYR = {v: k for k, v in _SR_CYR.items()}


def sr_to_cyrillic(text: str) -> str:
    """Serbian Latin → Cyrillic for generation (digraphs first; good enough for names)."""
    out: list[str] = []
    i = 0
    low = text.lower()
    while i < len(text):
        two = low[i:i + 2]
        if two in ("lj", "nj", "dž"):
            ch = _SR_CYR[two]
            i += 2
            src = text[i - 2]
        else:
            ch = _SR_CYR.get(low[i], text[i])
            src = text[i]
            i += 1
        out.append(ch.upper() if src.isupper() else ch)
    return "".join(out)


def mk_to_latin(text: str) -> str:
    """Macedonian Cyrillic → Latin (Serbian-style letters; Ѓ/Ќ as Gj/Kj as in passports)."""
    out: list[str] = []
    for ch in text:
        low = ch.lower()
        lat = _MK_LAT.get(low) or _BASE_CYR.get(low, ch)
        out.append(lat[:1].upper() + lat[1:] if ch.isupper() else lat)
    return "".join(out)


def ascii_fold(text: str) -> str:
    table = str.maketrans({"č": "c", "ć": "c", "š": "s", "ž": "z", "đ": "d", "ë": "e", "ç": "c",
                           "Č": "C", "Ć": "C", "Š": "S", "Ž": "Z", "Đ": "D", "Ë": "E", "Ç": "C"})
    return text.translate(table)


def english(text: str) -> str:
    for a, b in (("dž", "dzh"), ("č", "ch"), ("ć", "ch"), ("š", "sh"), ("ž", "zh"), ("đ", "dj"),
                 ("Dž", "Dzh"), ("Č", "Ch"), ("Ć", "Ch"), ("Š", "Sh"), ("Ž", "Zh"), ("Đ", "Dj")):
        text = text.replace(a, b)
    return ascii_fold(text)


def german(text: str) -> str:
    """Duden-style German transcription: c→z, č/ć→tsch, š/ž→sch, dž→dsch, đ→dj, v→w."""
    for a, b in (("c", "z"), ("C", "Z"), ("dž", "dsch"), ("č", "tsch"), ("ć", "tsch"), ("š", "sch"),
                 ("ž", "sch"), ("đ", "dj"), ("v", "w"), ("Dž", "Dsch"), ("Č", "Tsch"), ("Ć", "Tsch"),
                 ("Š", "Sch"), ("Ž", "Sch"), ("Đ", "Dj"), ("V", "W")):
        text = text.replace(a, b)
    return ascii_fold(text)


def albanian_to_serbian(text: str) -> str:
    """Albanian name as Serbian records write it (Krasniqi → Krasnići, Hoxha → Hodža)."""
    for a, b in (("Xh", "Dž"), ("xh", "dž"), ("Gj", "Đ"), ("gj", "đ"), ("Sh", "Š"), ("sh", "š"),
                 ("Zh", "Ž"), ("zh", "ž"), ("Th", "T"), ("th", "t"), ("Dh", "D"), ("dh", "d"),
                 ("Ll", "L"), ("ll", "l"), ("Rr", "R"), ("rr", "r"), ("q", "ć"), ("Q", "Ć"),
                 ("ç", "č"), ("Ç", "Č"), ("ë", "e"), ("Ë", "E"), ("y", "i"), ("Y", "I")):
        text = text.replace(a, b)
    return text


def mrz(given: str, surname: str) -> str:
    def f(s: str) -> str:
        s = ascii_fold(s).upper().replace("-", "<").replace(" ", "<")
        return "".join(ch for ch in s if ch.isalpha() or ch == "<")
    return f"{f(surname)}<<{f(given)}"


def typo(word: str, rng: random.Random) -> str:
    """One typing slip: a dropped, doubled or swapped letter (never the first letter)."""
    if len(word) < 4:
        return word + word[-1]
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("drop", "double", "swap"))
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


@dataclass
class Row:
    id: str
    name: str
    birth_date: str
    nationality: str
    sex: str
    given: str
    surname: str
    community: str


def _zipf_choice(rng: random.Random, items: list[str], s: float = 0.9) -> str:
    weights = [1.0 / (r + 1) ** s for r in range(len(items))]
    return rng.choices(items, weights)[0]


def _latin(name: str, community: str) -> str:
    return mk_to_latin(name) if community == "MK" else name


def generate(n_persons: int, n_duplicates: int, seed: int = 7) -> tuple[list[Row], set[tuple[str, str]]]:
    """A register of ``n_persons`` distinct people plus ``n_duplicates`` planted duplicates.

    Returns the rows (shuffled) and the set of true duplicate id pairs (sorted ids).
    """
    rng = random.Random(seed)
    comms = list(COMMUNITY_WEIGHTS)
    cweights = [COMMUNITY_WEIGHTS[c] for c in comms]
    taken: set[tuple[str, str, str]] = set()
    people: list[Row] = []
    from liaison.matching.names.translit import fold_key  # local: bench helper only

    while len(people) < n_persons:
        c = rng.choices(comms, cweights)[0]
        sex = "M" if rng.random() < 0.6 else "F"
        pool = COMMUNITIES[c]
        given = _zipf_choice(rng, pool["m" if sex == "M" else "f"])
        surname = _zipf_choice(rng, pool["s"])
        if c == "MK" and sex == "F" and surname.endswith("ски"):
            surname = surname[:-3] + "ска"
        y, m, d = rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28)
        fk = fold_key(_latin(given, c)) + " " + fold_key(_latin(surname, c))
        date = f"{y:04d}-{m:02d}-{d:02d}"
        if (fk, date, "") in taken or (fk, f"{y:04d}-{d:02d}-{m:02d}", "") in taken:
            continue
        taken.add((fk, date, ""))
        written = f"{given} {surname}"
        if c in ("RS",) and rng.random() < 0.35:
            written = sr_to_cyrillic(written)
        elif c == "MK" and rng.random() < 0.5:
            written = mk_to_latin(written)
        nat = rng.choice(NATIONALITY[c])
        people.append(Row(f"P{len(people):07d}", written, date, nat, sex, given, surname, c))

    truth: set[tuple[str, str]] = set()
    dups: list[Row] = []
    for k, orig in enumerate(rng.sample(people, n_duplicates)):
        g, s = _latin(orig.given, orig.community), _latin(orig.surname, orig.community)
        kind = rng.choice(("script", "spelling", "mrz", "father", "typo", "comma", "swap"))
        if kind == "script":
            if orig.community == "AL":
                name = albanian_to_serbian(f"{g} {s}")
                if rng.random() < 0.5:
                    name = sr_to_cyrillic(name)
            elif orig.community == "MK":
                name = f"{orig.given} {orig.surname}" if not orig.name[0].isascii() else f"{g} {s}"
                if name == orig.name:
                    name = mk_to_latin(name)
            elif orig.name[0].isascii():
                name = sr_to_cyrillic(f"{g} {s}")
            else:
                name = f"{g} {s}"
        elif kind == "spelling":
            name = rng.choice((ascii_fold, english, german))(f"{g} {s}")
        elif kind == "mrz":
            name = mrz(g, s)
        elif kind == "father":
            father = _latin(_zipf_choice(rng, COMMUNITIES[orig.community]["m"]), orig.community)
            name = f"{g} ({father}) {s}" if rng.random() < 0.6 else f"{g} {father} {s}"
        elif kind == "typo":
            name = f"{typo(g, rng)} {s}" if rng.random() < 0.4 else f"{g} {typo(s, rng)}"
        elif kind == "comma":
            name = f"{s.upper()}, {g}"
        else:
            name = f"{g} {s}"
        date = orig.birth_date
        ys, ms, ds = date.split("-")
        if (kind == "swap" or rng.random() < 0.1) and int(ds) <= 12 and ds != ms:
            date = f"{ys}-{ds}-{ms}"
        nat = orig.nationality if rng.random() < 0.85 else ""
        dup = Row(f"D{k:07d}", name, date, nat, orig.sex, orig.given, orig.surname, orig.community)
        dups.append(dup)
        truth.add((min(orig.id, dup.id), max(orig.id, dup.id)))
    rows = people + dups
    rng.shuffle(rows)
    return rows, truth


def write_csv(rows: list[Row], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "birth_date", "nationality", "sex"])
        for r in rows:
            w.writerow([r.id, r.name, r.birth_date, r.nationality, r.sex])


def iter_pairs(rows: list[Row]) -> Iterator[tuple[str, str]]:
    for r in rows:
        yield r.id, r.name
