"""Regenerate src/liaison/core/common_passwords.txt, the offline list of common passwords.

No published breach corpus is downloaded (Liaison runs without network and ships what it needs): the
list is built from the patterns that dominate every published breach analysis: the best-known leaked
passwords, common words, first names, football clubs and places of the region, keyboard walks and digit
runs, each combined with the suffixes people add (digits, years, "!"). The checker in
``liaison.core.security`` also strips trailing digits/symbols and undoes common letter-for-digit swaps,
so "Dragon2024!!" is caught through "dragon". Run: python scripts/gen-common-passwords.py
"""

from __future__ import annotations

from pathlib import Path

TOP = """123456 123456789 12345678 password qwerty123 qwerty1 111111 12345 secret 123123 1234567890
1234567 000000 qwerty abc123 password1 iloveyou 11111111 dragon monkey 123qwe qwertyuiop 654321
666666 121212 7777777 1q2w3e4r 1q2w3e4r5t 1qaz2wsx zaq12wsx qazwsx passw0rd p@ssw0rd p@ssword
letmein welcome welcome1 admin admin123 administrator root toor master login changeme default
football baseball superman batman trustno1 sunshine princess shadow michael jennifer hunter
starwars whatever freedom mustang access flower hello charlie donald loveme lovely ashley bailey
azerty azertyuiop aaaaaa asdfgh asdfghjkl zxcvbnm zxcvbn 147258369 159753 987654321 112233
qweasd qweasdzxc 1qazxsw2 q1w2e3r4 q1w2e3r4t5 a1b2c3 abcd1234 abcdef abcdefgh passpass
password123 password1234 passwordpassword correcthorsebatterystaple iloveyou123 internet
computer samsung google apple pokemon minecraft fortnite whatsapp facebook instagram
""".split()

WORDS = """love life angel baby honey sweet happy lucky magic money power winter summer spring autumn
silver golden diamond crystal tiger lion eagle falcon wolf bear shark snake horse dolphin phoenix
killer ninja pirate wizard hacker gamer player soccer hockey tennis basket rugby cricket boxing
music guitar piano rock metal jazz dance party friend family mother father brother sister
heaven hell devil jesus christ god faith hope peace light dark night moon star sun sky ocean
river mountain forest garden flower rose lily cherry banana orange lemon apple coffee cookie
chocolate candy pizza burger cheese butter pepper ginger cookie matrix legend hero king queen
prince knight warrior soldier captain police sheriff secret private office company business
manager system server network database security service support welcome spirit energy thunder
lightning storm rainbow blue red green black white yellow purple pink gold silverado ferrari
porsche mercedes bmw audi toyota honda nissan yamaha harley corvette camaro chevy ford jaguar
viper cobra scorpion spider butterfly kitty puppy doggy kitten bunny teddy monster zombie
vampire alien robot rocket galaxy planet universe cosmos infinity forever always nothing
everything something whatever anything liberty justice victory freedom america europe london
paris berlin rome vienna madrid moscow london chelsea arsenal liverpool barcelona juventus
milan inter bayern ajax celtic rangers partizan zvezda crvenazvezda dinamo hajduk rijeka
vardar sloga buducnost prishtina tirana skopje beograd belgrade zagreb sarajevo podgorica
ljubljana sofia bucuresti athens novisad nis mostar banjaluka ohrid bitola durres shkoder
kosova kosovo shqiperia albania srbija serbia hrvatska croatia bosna bosnia makedonija
macedonia crnagora montenegro bulgaria romania greece slovenija europa balkan policija police
polizei policia interpol europol carina customs granica border liaison cooperation
""".split()

NAMES = """james john robert michael william david richard joseph thomas charles christopher daniel
matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald
edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon
benjamin samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam
nathan henry douglas zachary peter kyle ethan walter noah jeremy christian keith roger terry
gerald harold sean austin carl arthur lawrence dylan jesse jordan bryan billy joe bruce gabriel
logan albert willie alan juan wayne elijah randy roy vincent ralph eugene russell bobby mason
philip louis mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy
betty margaret sandra ashley kimberly emily donna michelle carol amanda dorothy melissa deborah
stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda pamela emma nicole
helen samantha katherine christine debra rachel carolyn janet catherine maria heather diane ruth
julie olivia joyce virginia victoria kelly lauren christina joan evelyn judith megan andrea
cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn janice jean abigail
alice judy sophia grace denise amber doris marilyn danielle beverly isabella theresa diana
natalie brittany charlotte marie kayla alexis lori marko nikola stefan luka milan jovan petar
aleksandar dragan zoran goran dejan nenad bojan ivan ivana jelena milica marija ana dragana
snezana vesna tatjana mirjana biljana aleksandra katarina tijana jovana sanja maja tamara
milos nemanja vladimir igor darko sasa dusan srdjan mladen branko slobodan miroslav zeljko
arben besnik driton agim ardit blerim valon fatmir ilir gazmend artan ermal erion florian
arta besa drita elira fjolla mimoza teuta vjosa adnan amir emir haris kenan mirza senad
almir edin jasmin amra lejla selma emina azra ajla dzenana hristo georgi dimitar ivo todor
elena mila desislava kostas nikos giorgos yannis eleni sofia dimitra
""".split()

WALKS = """qwerty qwertz azerty asdfgh asdfghjkl zxcvbnm qwertyuiop qazwsx wsxedc edcrfv 1qaz2wsx3edc
qweasdzxc 1q2w3e 1q2w3e4r5t6y zaq1xsw2 zaq1zaq1 qwer1234 asdf1234 zxcv1234 1234qwer 1234asdf
12qwaszx qwaszx poiuytrewq mnbvcxz lkjhgfdsa 0987654321 9876543210 1234567890qwerty
qwertyuiop123 asdfghjkl123 1qaz2wsx3edc4rfv qazwsxedc qazwsxedcrfv
""".split()

DIGITS = ["1", "12", "123", "1234", "12345", "!", "123!", "01"]
YEARS = ["2000", "2023", "2024", "2025", "2026"]


def build() -> list[str]:
    out: set[str] = set()
    for w in TOP + WALKS:
        out.add(w)
    bases = sorted(set(WORDS + NAMES + TOP[:60]))
    for w in bases:
        out.add(w)
        for suffix in DIGITS:
            out.add(w + suffix)
        for y in YEARS:
            out.add(w + y)
        out.add(w + w)
    for n in range(4, 13):
        out.add("".join(str(i % 10) for i in range(1, n + 1)))
        for d in "0123456789":
            out.add(d * n)
    return sorted(out)


if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "src" / "liaison" / "core" / "common_passwords.txt"
    words = build()
    target.write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} passwords written to {target}")
