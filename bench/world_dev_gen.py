"""Build the multi-script development pairs (tests/matching/fixtures/names_world_dev.csv).

Every pair is made by construction from the lists below (a name in its own script beside its
usual Latin spelling, Arabic name chains, titles, initials…), with its category and label, so the
file says what each rule must do.  No pair is taken from any public benchmark.  Run from the
repository root: ``python bench/world_dev_gen.py`` (deterministic; seed fixed).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "matching" / "fixtures" / "names_world_dev.csv"

# (native script, Latin as written in passports or partner records)
SCRIPTS: dict[str, list[tuple[str, str]]] = {
    "arabic": [
        ("محمد عبد الله", "Mohammed Abdullah"),
        ("أحمد حسن", "Ahmed Hassan"),
        ("خالد الزهراني", "Khaled al-Zahrani"),
        ("عمر يوسف", "Omar Youssef"),
        ("سعيد المصري", "Said al-Masri"),
        ("فاطمة علي", "Fatima Ali"),
        ("ابراهيم خليل", "Ibrahim Khalil"),
        ("يوسف النجار", "Yousef al-Najjar"),
        ("مصطفى كمال", "Mustafa Kamal"),
        ("حمزة سليمان", "Hamza Suleiman"),
        ("طارق عزيز", "Tariq Aziz"),
        ("وليد جنبلاط", "Walid Jumblatt"),
    ],
    "persian": [
        ("علی خامنه‌ای", "Ali Khamenei"),
        ("حسن روحانی", "Hassan Rouhani"),
        ("پرویز مشرف", "Pervez Musharraf"),
        ("محمود احمدی‌نژاد", "Mahmoud Ahmadinejad"),
        ("جواد ظریف", "Javad Zarif"),
        ("مهدی کروبی", "Mehdi Karroubi"),
        ("گلبدین حکمتیار", "Gulbuddin Hekmatyar"),
        ("عمران خان", "Imran Khan"),
        ("اشرف غنی", "Ashraf Ghani"),
        ("نواز شریف", "Nawaz Sharif"),
        ("حامد کرزی", "Hamid Karzai"),
        ("قاسم سلیمانی", "Qasem Soleimani"),
    ],
    "russian": [
        ("Сергей Лавров", "Sergei Lavrov"),
        ("Юлия Тимошенко", "Yulia Tymoshenko"),
        ("Дмитрий Медведев", "Dmitry Medvedev"),
        ("Алексей Навальный", "Alexei Navalny"),
        ("Михаил Ходорковский", "Mikhail Khodorkovsky"),
        ("Евгений Пригожин", "Yevgeny Prigozhin"),
        ("Ольга Смирнова", "Olga Smirnova"),
        ("Андрей Кузнецов", "Andrei Kuznetsov"),
        ("Наталья Попова", "Natalya Popova"),
        ("Игорь Сечин", "Igor Sechin"),
    ],
    "ukrainian": [
        ("Володимир Зеленський", "Volodymyr Zelensky"),
        ("Олександр Усик", "Oleksandr Usyk"),
        ("Юлія Свириденко", "Yuliia Svyrydenko"),
        ("Віталій Кличко", "Vitalii Klychko"),
        ("Андрій Шевченко", "Andriy Shevchenko"),
        ("Ірина Геращенко", "Iryna Herashchenko"),
    ],
    "belarusian": [
        ("Аляксандр Лукашэнка", "Aliaksandr Lukashenka"),
        ("Святлана Ціханоўская", "Sviatlana Tsikhanouskaya"),
        ("Уладзімір Караткевіч", "Uladzimir Karatkevich"),
        ("Мікалай Статкевіч", "Mikalai Statkevich"),
    ],
    "greek": [
        ("Αλέξης Τσίπρας", "Alexis Tsipras"),
        ("Κυριάκος Μητσοτάκης", "Kyriakos Mitsotakis"),
        ("Γιώργος Παπανδρέου", "Giorgos Papandreou"),
        ("Νίκος Δένδιας", "Nikos Dendias"),
        ("Μαρία Παπαδοπούλου", "Maria Papadopoulou"),
        ("Δημήτρης Αβραμόπουλος", "Dimitris Avramopoulos"),
    ],
    "georgian": [
        ("მიხეილ სააკაშვილი", "Mikheil Saakashvili"),
        ("ბიძინა ივანიშვილი", "Bidzina Ivanishvili"),
        ("ირაკლი ღარიბაშვილი", "Irakli Gharibashvili"),
        ("სალომე ზურაბიშვილი", "Salome Zurabishvili"),
        ("გიორგი მარგველაშვილი", "Giorgi Margvelashvili"),
    ],
    "armenian": [
        ("Սերժ Սարգսյան", "Serzh Sargsyan"),
        ("Նիկոլ Փաշինյան", "Nikol Pashinyan"),
        ("Ռոբերտ Քոչարյան", "Robert Kocharyan"),
        ("Արմեն Սարգսյան", "Armen Sargsyan"),
        ("Լևոն Տեր-Պետրոսյան", "Levon Ter-Petrosyan"),
    ],
    "hebrew": [
        ("בנימין נתניהו", "Benjamin Netanyahu"),
        ("יצחק רבין", "Yitzhak Rabin"),
        ("אריאל שרון", "Ariel Sharon"),
        ("שמעון פרס", "Shimon Peres"),
        ("גולדה מאיר", "Golda Meir"),
    ],
    "han": [
        ("习近平", "Xi Jinping"),
        ("李克强", "Li Keqiang"),
        ("王毅", "Wang Yi"),
        ("毛泽东", "Mao Zedong"),
        ("周恩来", "Zhou Enlai"),
        ("刘晓波", "Liu Xiaobo"),
        ("欧阳修", "Ouyang Xiu"),
        ("张伟", "Zhang Wei"),
    ],
    "japanese_kana": [
        ("キムラ タクヤ", "Kimura Takuya"),
        ("タナカ ヒロシ", "Tanaka Hiroshi"),
        ("すずき いちろう", "Suzuki Ichiro"),
        ("ヤマモト ユキ", "Yamamoto Yuki"),
        ("サトウ ケンジ", "Sato Kenji"),
    ],
    "hangul": [
        ("김정은", "Kim Jong Un"),
        ("박근혜", "Park Geun-hye"),
        ("문재인", "Moon Jae-in"),
        ("이명박", "Lee Myung-bak"),
        ("반기문", "Ban Ki-moon"),
        ("윤석열", "Yoon Suk-yeol"),
    ],
    "devanagari": [
        ("नरेंद्र मोदी", "Narendra Modi"),
        ("राहुल गांधी", "Rahul Gandhi"),
        ("अमित शाह", "Amit Shah"),
        ("मनमोहन सिंह", "Manmohan Singh"),
        ("सोनिया गांधी", "Sonia Gandhi"),
    ],
    "bengali": [
        ("শেখ হাসিনা", "Sheikh Hasina"),
        ("খালেদা জিয়া", "Khaleda Zia"),
        ("মুহাম্মদ ইউনূস", "Muhammad Yunus"),
        ("তারেক রহমান", "Tarique Rahman"),
    ],
    "thai": [
        ("ทักษิณ ชินวัตร", "Thaksin Shinawatra"),
        ("ยิ่งลักษณ์ ชินวัตร", "Yingluck Shinawatra"),
        ("ประยุทธ์ จันทร์โอชา", "Prayut Chan-o-cha"),
    ],
    "khmer": [("ហ៊ុន សែន", "Hun Sen"), ("ហ៊ុន ម៉ាណែត", "Hun Manet"), ("សម រង្ស៊ី", "Sam Rainsy")],
}

GIVEN = [
    "Ali",
    "Omar",
    "Salman",
    "Khalid",
    "Yusuf",
    "Tariq",
    "Karim",
    "Nasir",
    "Bilal",
    "Faisal",
    "Hamid",
    "Rashid",
    "Zayd",
    "Anwar",
    "Jamal",
    "Samir",
    "Walid",
    "Ziad",
    "Nabil",
    "Fahad",
]
FAMILY = [
    "Rawi",
    "Tikriti",
    "Dulaimi",
    "Jubouri",
    "Obeidi",
    "Zahrani",
    "Ghamdi",
    "Shammari",
    "Qahtani",
    "Harbi",
    "Masri",
    "Baghdadi",
    "Hashimi",
    "Khatib",
    "Najjar",
    "Tamimi",
]
WESTERN = [
    ("Vladimir", "Petrov"),
    ("Sergei", "Lavrov"),
    ("Ivan", "Sokolov"),
    ("Anna", "Kowalska"),
    ("Mehmet", "Yilmaz"),
    ("Ahmet", "Demir"),
    ("Giorgi", "Beridze"),
    ("Armen", "Hovhannisyan"),
    ("Li", "Wei"),
    ("Rahul", "Sharma"),
    ("Olga", "Ivanova"),
    ("Mustafa", "Kaya"),
    ("Hamid", "Karzai"),
    ("Ashraf", "Ghani"),
    ("Tariq", "Mahmood"),
    ("Ali", "Khamenei"),
    ("Nikolai", "Volkov"),
    ("Dmitry", "Orlov"),
    ("Irina", "Morozova"),
    ("Fatima", "Zahra"),
]
FAMILIES = [
    ["Muhammad", "Mohammed", "Mohamed", "Mohammad", "Mehmet", "Muhammed"],
    ["Hussein", "Hossein", "Husayn", "Hussain", "Huseyin"],
    ["Abd al-Rahman", "Abdulrahman", "Abderrahmane", "Abdurrahman", "Abdul Rahman"],
    ["Ahmad", "Ahmed", "Ahmet"],
    ["Yusuf", "Youssef", "Yousef", "Yusef"],
    ["Osama", "Usama", "Oussama"],
    ["Omar", "Umar", "Omer"],
    ["Mahmoud", "Mahmud", "Mahmood"],
    ["Ibrahim", "Ebrahim", "Ibragim"],
    ["Mustafa", "Mostafa", "Moustapha"],
    ["Sergei", "Sergey", "Serhiy"],
    ["Oleksandr", "Aleksandr", "Alexander"],
    ["Volodymyr", "Vladimir"],
    ["Abdullah", "Abdallah", "Abdollah"],
    ["Suleiman", "Sulayman", "Suleyman"],
    ["Nizam ud-Din", "Nizamuddin", "Nizam al-Din"],
]
LOOKALIKE = [
    ("Hassan", "Hussein"),
    ("Amin", "Amir"),
    ("Hamid", "Hamed_no"),
    ("Karim", "Kamil"),
    ("Said", "Saad"),
    ("Rashid", "Rasul"),
    ("Nabil", "Nabih"),
    ("Samir", "Samer_no"),
    ("Jamal", "Kamal"),
    ("Tariq", "Tarik_no"),
    ("Walid", "Khalid"),
    ("Omar", "Ammar"),
    ("Hadi", "Hani"),
    ("Fahd", "Fahim"),
    ("Aziz", "Anis"),
    ("Ivan", "Ivana"),
    ("Olga", "Olena"),
    ("Sergei", "Sergo"),
    ("Yuri", "Yuliya"),
    ("Bilal", "Hilal"),
]
TITLES = ["Dr.", "Mr.", "President", "Sheikh", "Haji", "Prof.", "Mullah", "General", "Ayatollah", "Mrs."]
COMPANY = ["Ltd", "LLC", "GmbH", "d.o.o.", "JSC", "OOO", "S.A.", "Inc."]


def main() -> None:
    rng = random.Random(11)
    rows: list[tuple[str, str, bool, str]] = []
    for script, pairs in SCRIPTS.items():
        cat = f"cross_script_{script}"
        for i, (native, latin) in enumerate(pairs):
            rows.append((native, latin, True, cat))
            other = pairs[(i + 1) % len(pairs)][1]
            rows.append((native, other, False, cat))
    for g, s in WESTERN:
        t = rng.choice(TITLES)
        rows.append((f"{t} {g} {s}", f"{g} {s}", True, "titles"))
        g2, s2 = rng.choice([w for w in WESTERN if w[1] != s])
        rows.append((f"{t} {g} {s}", f"{t} {g2} {s}", g2 == g, "titles"))
        rows.append((f"{g[0]}. {s}", f"{g} {s}", True, "initials"))
        other_initial = next(c for c in "BKMTZ" if c != g[0])
        rows.append((f"{other_initial}. {s}", f"{g} {s}", False, "initials"))
        rows.append((f"{g}{s}", f"{g} {s}", True, "joined_tokens"))
        rows.append((f"{g}{s}".lower().capitalize(), f"{s} {g}", True, "joined_tokens"))
        rows.append((f"{g}{s2}", f"{g} {s}", False, "joined_tokens"))
        rows.append((f"{s.upper()} {g}", f"{g} {s}", True, "surname_first"))
        rows.append((f"{s}, {g}", f"{g} {s}", True, "surname_first"))
        rows.append((f"{s2.upper()} {g}", f"{g} {s}", False, "surname_first"))
        c = rng.choice(COMPANY)
        rows.append((f"{g} {s} {c}", f"{g} {s}", True, "company_suffix"))
        rows.append((f"{g} {s} {c}", f"{g2} {s} {c}", g2 == g, "company_suffix"))
    for _ in range(40):
        a, b, m = rng.sample(GIVEN, 3)
        fam = rng.choice(FAMILY)
        rows.append((f"{a} bin {b} Al-{fam}", f"{b} bin {a} Al-{fam}", False, "nasab_order"))
        rows.append((f"{a} bin {b} al-{fam}", f"{a} ibn {b} Al {fam}", True, "nasab_order"))
        rows.append((f"{a} bin {b} Al-{fam}", f"{b} {a} al-{fam}", False, "nasab_order"))
        f2 = rng.choice([f for f in FAMILY if f != fam])
        rows.append((f"{a} {b} al-{fam}", f"{a} {b} al-{f2}", False, "nisba_differs"))
        rows.append((f"{a} {b} al-{fam}", f"{a} {b} Al{fam.lower()}", True, "nisba_differs"))
        rows.append((f"{a} {m} {b} {fam}", f"{a} {b} {fam}", True, "missing_middle"))
        x = rng.choice([g for g in GIVEN if g not in (a, b, m)])
        rows.append((f"{a} {m} {b} {fam}", f"{x} {b} {fam}", False, "missing_middle"))
    for fam_ in FAMILIES:
        for i in range(len(fam_)):
            for j in range(i + 1, len(fam_)):
                sur = rng.choice(FAMILY + ["Khan", "Qureshi", "Karimov"])
                rows.append((f"{fam_[i]} {sur}", f"{fam_[j]} {sur}", True, "translit_family"))
    for a, b in LOOKALIKE:
        if b.endswith("_no"):
            continue
        sur = rng.choice(FAMILY + ["Khan", "Qureshi", "Karimov"])
        rows.append((f"{a} {sur}", f"{b} {sur}", False, "lookalike_different"))
        rows.append((a, b, False, "lookalike_different"))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["name1", "name2", "is_match", "category"])
        for a, b, m, cat in rows:
            w.writerow([a, b, "true" if m else "false", cat])
    print(f"{len(rows)} pairs → {OUT}")


if __name__ == "__main__":
    main()
