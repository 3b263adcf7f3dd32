"""Actors: who is named in an article, where, and as whom.

`find_mentions(text)` finds the people, organisations and places named in one
article's clean text and returns their character offsets, with one canonical
name per real-world actor: "President Trump", "Mr. Trump" and "Trump's" are one
actor, called "Donald Trump" if the article names him in full and "Trump" if not.

It reads the text in three steps, all pure-Python regular expressions and set
look-ups (no model to download):

1. One regex finds *runs*: capitalised words joined by single spaces, with
   connectors ("of", "and", "bin") and lowercase role words ("spokesman",
   "press secretary") inside them. Each run is read left to right. At each word
   the longest of these wins: a role followed by a name ("Defense Secretary Pete
   Hegseth"), a gazetteer alias ("Ukraine Defense Contact Group", "Russia"), a
   capitalised phrase ending in an organisation word ("Russian Defense
   Ministry", "Department of Justice"). Failing those, two or more name-like
   words are a person ("Mark Rutte"); a single unknown capitalised word is kept
   aside for step 3.
2. People are grouped by surname within the article. The canonical name is the
   fullest form seen, middle initials dropped ("Donald J. Trump" -> "Donald
   Trump") so that names line up across articles.
3. Words kept aside become mentions when they are a known surname ("Hegseth"),
   an acronym the article defined ("Democratic National Committee (DNC)"), or a
   capitalised word that says something ("Trump said"). Descriptions such as
   "the Ukrainian president" become mentions of the person the article
   introduced with that title ("Ukrainian President Volodymyr Zelenskyy").

Choices a researcher should know:

- A nationality or organisation in front of a person's title belongs to that
  person's mention: "Russian President Vladimir Putin" is one mention of
  Vladimir Putin with role "President" (the nationality is dropped from the
  role, the organisation kept: "Kremlin spokesman"); it is not also a mention of
  Russia. Everywhere else a demonym is a mention of its place: "Russian forces"
  and "the Americans" mention Russia and the United States.
- Honorifics (Mr., Mrs., Ms.) are not roles; academic and military titles
  (Dr., Gen.) are.
- "Trump administration", "Biden administration" (and "... campaign") are
  organisations named after the person's surname.
- Rooms, buildings, streets, wars, holidays and platforms ("Oval Office",
  "Truth Social", "World War II") are not actors.
- Lines that are boilerplate (bylines "X contributed to this article", "can be
  reached at", copyright, "Advertisement") are skipped.

A researcher can add or override actors with an actors file (YAML), read by
`load_actors_config`; its actors win over the built-in lists and carry a `group`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, NamedTuple

ACTOR_TYPES = ("person", "organization", "place")


class ActorsConfigError(ValueError):
    """A researcher's actors file is unreadable or has a bad entry."""


class Entry(NamedTuple):
    """One known actor: its canonical name, type, researcher group, and whether it is a news source."""

    name: str
    type: str
    group: str | None = None
    source: bool = False


# ---------------------------------------------------------------------------
# Built-in gazetteer. One actor per line: "Canonical: alias, alias, ...".
# Demonyms are aliases of their place.
# ---------------------------------------------------------------------------

_PLACES = """
Afghanistan: Afghan, Afghans
Albania: Albanian, Albanians
Algeria: Algerian, Algerians
Angola: Angolan, Angolans
Argentina: Argentine, Argentinian, Argentines, Argentinians
Armenia: Armenian, Armenians
Australia: Australian, Australians
Austria: Austrian, Austrians
Azerbaijan: Azerbaijani, Azerbaijanis, Azeri, Azeris
Bahrain: Bahraini, Bahrainis
Bangladesh: Bangladeshi, Bangladeshis
Belarus: Belarusian, Belarusians
Belgium: Belgian, Belgians
Bolivia: Bolivian, Bolivians
Bosnia: Bosnia and Herzegovina, Bosnian, Bosnians
Brazil: Brazilian, Brazilians
Bulgaria: Bulgarian, Bulgarians
Burma: Myanmar, Burmese
Cambodia: Cambodian, Cambodians
Cameroon: Cameroonian, Cameroonians
Canada: Canadian, Canadians
Chile: Chilean, Chileans
China: Chinese, People's Republic of China, PRC
Colombia: Colombian, Colombians
Congo: Congolese, Democratic Republic of Congo, Democratic Republic of the Congo
Costa Rica: Costa Rican, Costa Ricans
Croatia: Croatian, Croatians, Croat, Croats
Cuba: Cuban, Cubans
Cyprus: Cypriot, Cypriots
Czech Republic: Czechia, Czech, Czechs
Denmark: Danish, Dane, Danes
Dominican Republic: Dominican, Dominicans
Ecuador: Ecuadorian, Ecuadorians
Egypt: Egyptian, Egyptians
El Salvador: Salvadoran, Salvadorans
Estonia: Estonian, Estonians
Ethiopia: Ethiopian, Ethiopians
Finland: Finnish, Finn, Finns
France: French, Frenchman
Georgia: Georgian, Georgians
Germany: German, Germans
Ghana: Ghanaian, Ghanaians
Greece: Greek, Greeks
Guatemala: Guatemalan, Guatemalans
Haiti: Haitian, Haitians
Honduras: Honduran, Hondurans
Hong Kong
Hungary: Hungarian, Hungarians
Iceland: Icelandic, Icelander, Icelanders
India: Indian, Indians
Indonesia: Indonesian, Indonesians
Iran: Iranian, Iranians, Islamic Republic
Iraq: Iraqi, Iraqis
Ireland: Irish
Israel: Israeli, Israelis
Italy: Italian, Italians
Jamaica: Jamaican, Jamaicans
Japan: Japanese
Jordan: Jordanian, Jordanians
Kazakhstan: Kazakh, Kazakhs
Kenya: Kenyan, Kenyans
Kosovo: Kosovar, Kosovars
Kuwait: Kuwaiti, Kuwaitis
Kyrgyzstan: Kyrgyz
Laos: Laotian, Laotians
Latvia: Latvian, Latvians
Lebanon: Lebanese
Libya: Libyan, Libyans
Lithuania: Lithuanian, Lithuanians
Luxembourg
Malaysia: Malaysian, Malaysians
Mali: Malian, Malians
Mexico: Mexican, Mexicans
Moldova: Moldovan, Moldovans
Mongolia: Mongolian, Mongolians
Montenegro: Montenegrin, Montenegrins
Morocco: Moroccan, Moroccans
Mozambique
Nepal: Nepali, Nepalese
Netherlands: Dutch, Holland
New Zealand: New Zealander, New Zealanders
Nicaragua: Nicaraguan, Nicaraguans
Niger
Nigeria: Nigerian, Nigerians
North Korea: North Korean, North Koreans, DPRK
North Macedonia: Macedonia, Macedonian, Macedonians
Norway: Norwegian, Norwegians
Oman: Omani, Omanis
Pakistan: Pakistani, Pakistanis
Palestinian territories: Palestine, Palestinian, Palestinians
Panama: Panamanian, Panamanians
Paraguay: Paraguayan, Paraguayans
Peru: Peruvian, Peruvians
Philippines: Filipino, Filipinos, Philippine
Poland: Polish, Pole, Poles
Portugal: Portuguese
Qatar: Qatari, Qataris
Romania: Romanian, Romanians
Russia: Russian, Russians, Russian Federation
Rwanda: Rwandan, Rwandans
Saudi Arabia: Saudi, Saudis
Senegal: Senegalese
Serbia: Serbian, Serbians, Serb, Serbs
Singapore: Singaporean, Singaporeans
Slovakia: Slovak, Slovaks, Slovakian
Slovenia: Slovenian, Slovenians, Slovene, Slovenes
Somalia: Somali, Somalis
South Africa: South African, South Africans
South Korea: South Korean, South Koreans
South Sudan: South Sudanese
Spain: Spanish, Spaniard, Spaniards
Sri Lanka: Sri Lankan, Sri Lankans
Sudan: Sudanese
Sweden: Swedish, Swede, Swedes
Switzerland: Swiss
Syria: Syrian, Syrians
Taiwan: Taiwanese
Tajikistan: Tajik, Tajiks
Tanzania: Tanzanian, Tanzanians
Thailand: Thai, Thais
Tunisia: Tunisian, Tunisians
Turkey: Turkish, Turk, Turks, Turkiye, Türkiye
Turkmenistan: Turkmen
Uganda: Ugandan, Ugandans
Ukraine: Ukrainian, Ukrainians
United Arab Emirates: UAE, U.A.E., Emirati, Emiratis
United Kingdom: U.K., UK, Britain, Great Britain, British, Briton, Britons
United States: U.S., US, U.S.A., USA, United States of America, America, American, Americans
Uruguay: Uruguayan, Uruguayans
Uzbekistan: Uzbek, Uzbeks
Venezuela: Venezuelan, Venezuelans
Vietnam: Vietnamese
Yemen: Yemeni, Yemenis
Zambia: Zambian, Zambians
Zimbabwe: Zimbabwean, Zimbabweans
England: English
Scotland: Scottish, Scot, Scots
Wales: Welsh
Northern Ireland
Kyiv: Kiev
Abu Dhabi
Ankara
Baghdad
Bangkok
Beijing
Beirut
Berlin
Caracas
Damascus
Doha
Dublin
Hanoi
Islamabad
Jerusalem
Khartoum
London
Madrid
Moscow
Paris
Pyongyang
Riyadh
Rome
Sanaa
Seoul
Taipei
Tehran
Tokyo
Warsaw
Budapest
Prague
Stockholm
Oslo
Copenhagen
Helsinki
Athens
Lisbon
Amsterdam
Bucharest
Belgrade
Zagreb
Bratislava
Vilnius
Riga
Tallinn
Minsk
Tbilisi
Yerevan
Baku
Tashkent
New Delhi: Delhi
Mumbai
Karachi
Lahore
Dhaka
Jakarta
Manila
Kuala Lumpur
Canberra
Nairobi
Lagos
Addis Ababa
Johannesburg
Cape Town
Kinshasa
Tripoli
Tunis
Algiers
Buenos Aires
Brasilia
Rio de Janeiro
Sao Paulo: São Paulo
Lima
Bogota: Bogotá
Havana
Kharkiv: Kharkov
Odesa: Odessa
Donbas: Donbass, Donetsk, Luhansk
Crimea: Crimean, Crimean Peninsula, Sevastopol
Kursk
Mariupol
Bakhmut
Brussels
Munich
The Hague: Hague
Geneva
Vienna
Davos
Istanbul
Dubai
Cairo
Tel Aviv
Gaza: Gaza Strip, Gazan, Gazans
West Bank
Golan Heights
Kabul
Kashmir
Xinjiang
Tibet: Tibetan, Tibetans
Shanghai
Wuhan
Mexico City
Toronto
Ottawa
Europe: European, Europeans
Asia: Asian, Asians
Africa: African, Africans
Middle East: Mideast, Middle Eastern
Latin America: Latin American, Latin Americans
South America: South American
North America: North American
Central America: Central American, Central Americans
Caribbean
Balkans: Balkan
Baltics: Baltic, Baltic states
Scandinavia: Scandinavian, Scandinavians
Arctic
Pacific: Pacific Ocean, Asia-Pacific
Indo-Pacific
Atlantic: Atlantic Ocean
Black Sea
South China Sea
Mediterranean
Persian Gulf: Gulf
the West: West, Western
Siberia: Siberian
Chechnya: Chechen, Chechens
Kurdistan: Kurd, Kurds, Kurdish
Washington: Washington, D.C., D.C.
Capitol Hill
Wall Street
Silicon Valley
Hollywood
Sandy Hook
El Paso
Des Moines
San Bernardino
San Antonio
Fort Worth
Soviet Union: USSR, Soviet, Soviets
Alabama
Alaska
Arizona
Arkansas
California: Californian, Californians
Colorado
Connecticut
Delaware
Florida: Floridian, Floridians
Hawaii
Idaho
Illinois
Indiana
Iowa: Iowan, Iowans
Kansas
Kentucky
Louisiana
Maine
Maryland
Massachusetts
Michigan
Minnesota
Mississippi
Missouri
Montana
Nebraska
Nevada
New Hampshire
New Jersey
New Mexico
New York: New York City, NYC
North Carolina
North Dakota
Ohio
Oklahoma
Oregon
Pennsylvania
Rhode Island
South Carolina
South Dakota
Tennessee
Texas: Texan, Texans
Utah
Vermont
Virginia
West Virginia
Wisconsin
Wyoming
Puerto Rico: Puerto Rican, Puerto Ricans
Los Angeles
Chicago
Houston
Philadelphia
Phoenix
San Francisco
San Diego
Seattle
Boston
Miami
Atlanta
Detroit
Denver
Dallas
Austin
Baltimore
Pittsburgh
Cleveland
Minneapolis
St. Louis
New Orleans
Las Vegas
Nashville
Charlotte
Portland
Milwaukee
Flint
Ferguson
Charlottesville
"""

_ORGANIZATIONS = """
NATO: North Atlantic Treaty Organization, North Atlantic Alliance, Nato
European Union: EU, E.U.
United Nations: UN, U.N.
UN Security Council: Security Council, U.N. Security Council
World Health Organization: WHO
International Monetary Fund: IMF
World Bank
World Trade Organization: WTO
OPEC
Group of Seven: G7, G-7
Group of 20: G20, G-20
International Atomic Energy Agency: IAEA
International Criminal Court: ICC
International Court of Justice
OSCE
African Union
Arab League
ASEAN
European Commission
European Parliament
European Central Bank: ECB
Red Cross: International Committee of the Red Cross
Amnesty International
Human Rights Watch
Interpol
Ukraine Defense Contact Group
Kremlin
White House
Congress
Senate: U.S. Senate
House of Representatives: House, U.S. House
Pentagon: Defense Department, Department of Defense, DoD, DOD
State Department: Department of State
Justice Department: Department of Justice, DOJ
Treasury Department: Treasury, Department of the Treasury
Department of Homeland Security: Homeland Security Department, DHS
Department of Health and Human Services: HHS
FBI: Federal Bureau of Investigation
CIA: Central Intelligence Agency
NSA: National Security Agency
Immigration and Customs Enforcement: ICE
Customs and Border Protection: CBP, Border Patrol
Secret Service
Environmental Protection Agency: EPA
Centers for Disease Control and Prevention: CDC
Food and Drug Administration: FDA
National Institutes of Health: NIH
Internal Revenue Service: IRS
Securities and Exchange Commission: SEC
Federal Communications Commission: FCC
Federal Trade Commission: FTC
Federal Reserve: Fed
Supreme Court: U.S. Supreme Court
NASA
National Guard
Democratic Party: Democrats, Democrat, Democratic
Republican Party: Republicans, Republican, GOP
Democratic National Committee: DNC
Republican National Committee: RNC
State Duma: Duma
FSB
KGB
Wagner Group: Wagner
Gazprom
Hamas
Hezbollah
Taliban
Islamic State: ISIS, ISIL
al-Qaeda: Al Qaeda, Al-Qaeda, al Qaeda, Al Qaida, al-Qaida
Houthis: Houthi
Israel Defense Forces: IDF
Knesset
Chinese Communist Party: Communist Party of China, CCP
Bundestag
Downing Street
Labour Party: Labour
Conservative Party: Conservatives, Tories, Tory
Google
Facebook: Meta
Twitter
Apple
Amazon
Microsoft
Tesla
SpaceX
Boeing
Lockheed Martin
Raytheon
ExxonMobil: Exxon
Walmart
Pfizer
Moderna
Goldman Sachs
JPMorgan Chase: JPMorgan
Bank of America
General Motors: GM
Ford
Huawei
TikTok
Netflix
Zoom
Uber
Gallup
Pew Research Center
Charlie Hebdo
Muslim Brotherhood
WikiLeaks
Citizens United
National Rifle Association: NRA
American Civil Liberties Union: ACLU
NAACP
Planned Parenthood
Black Lives Matter: BLM
Heritage Foundation
Chamber of Commerce: U.S. Chamber of Commerce
AFL-CIO
"""

# News outlets and agencies: organisations that are also sources (speaker_type "source").
_SOURCES = """
The Associated Press: Associated Press, AP
Reuters
Agence France-Presse: AFP
Tass: TASS
RIA Novosti
Interfax
Xinhua
Bloomberg: Bloomberg News
The Guardian: Guardian
The New York Times: New York Times, NYT
The Washington Post: Washington Post
The Wall Street Journal: Wall Street Journal, WSJ
The Washington Times: Washington Times
CNN
Fox News
MSNBC
NBC News: NBC
ABC News: ABC
CBS News: CBS
BBC
NPR
PBS
Politico
Axios
The Hill
Breitbart: Breitbart News
HuffPost: Huffington Post
BuzzFeed News: BuzzFeed
Vox
Newsweek
The Atlantic
USA Today
Los Angeles Times: LA Times
Chicago Tribune
Financial Times
The Economist: Economist
Al Jazeera
RT: Russia Today
Daily Mail
The Telegraph: Daily Telegraph
New York Post
Washington Examiner
National Review
The Daily Beast: Daily Beast
Daily Caller
Newsmax
Der Spiegel: Spiegel
Le Monde
Haaretz
Times of Israel
Yonhap
Kyodo
The Christian Science Monitor: Christian Science Monitor
Fox Business: Fox Business Network
Sky News
"""

# Well-known people, so that their names line up across articles: "Name; gender; surnames
# that name them alone; other full names". An article that names a person only by a surname
# listed here ("Trump", "Mr. Putin") gets the full name, unless it shows someone else of that
# surname or the other gender ("Ms. Trump"). Only surnames that news uses for one person are
# listed (not Clinton, Bush, Johnson, Harris, Cruz, Cuomo or May).
_PEOPLE = """
Donald Trump; m; Trump; Donald J. Trump, Donald John Trump
Joe Biden; m; Biden; Joseph Biden, Joseph R. Biden, Joseph Robinette Biden
Barack Obama; m; Obama; Barack H. Obama, Barack Hussein Obama
Hillary Clinton; f; ; Hillary Rodham Clinton
Bill Clinton; m; ; William Clinton, William Jefferson Clinton
Kamala Harris; f; ; Kamala D. Harris
Mike Pence; m; Pence; Michael Pence, Michael R. Pence
Nancy Pelosi; f; Pelosi;
Mitch McConnell; m; McConnell; Addison Mitch McConnell
Chuck Schumer; m; Schumer; Charles Schumer, Charles E. Schumer
Bernie Sanders; m; ; Bernard Sanders
Alexandria Ocasio-Cortez; f; Ocasio-Cortez;
Ron DeSantis; m; DeSantis; Ronald DeSantis
Pete Buttigieg; m; Buttigieg; Peter Buttigieg
Mitt Romney; m; Romney; Willard Mitt Romney
John McCain; m; McCain;
Marco Rubio; m; Rubio;
Robert Mueller; m; Mueller; Robert S. Mueller, Bob Mueller
James Comey; m; Comey; Jim Comey
Merrick Garland; m; Garland;
Brett Kavanaugh; m; Kavanaugh; Brett M. Kavanaugh
Neil Gorsuch; m; Gorsuch; Neil M. Gorsuch
Rudy Giuliani; m; Giuliani; Rudolph Giuliani, Rudolph W. Giuliani
Steve Bannon; m; Bannon; Stephen Bannon, Stephen K. Bannon
Jared Kushner; m; Kushner;
Anthony Fauci; m; Fauci; Anthony S. Fauci
Elon Musk; m; Musk;
J.D. Vance; m; Vance; JD Vance, James David Vance
Tim Walz; m; Walz; Timothy Walz
Pete Hegseth; m; Hegseth; Peter Hegseth
Mike Pompeo; m; Pompeo; Michael Pompeo, Michael R. Pompeo
Rex Tillerson; m; Tillerson;
Gavin Newsom; m; Newsom;
Beto O'Rourke; m; O'Rourke, O’Rourke; Robert O'Rourke, Robert Francis O'Rourke
Amy Klobuchar; f; Klobuchar;
Kirsten Gillibrand; f; Gillibrand;
Janet Yellen; f; Yellen; Janet L. Yellen
Ronald Reagan; m; Reagan; Ronald W. Reagan
Xi Jinping; m; Xi;
Vladimir Putin; m; Putin; Vladimir V. Putin, Vladimir Vladimirovich Putin
Volodymyr Zelenskyy; m; Zelenskyy, Zelensky, Zelenskiy; Volodymyr Zelensky, Volodymyr Zelenskiy
Emmanuel Macron; m; Macron;
Angela Merkel; f; Merkel;
Olaf Scholz; m; Scholz;
Rishi Sunak; m; Sunak;
Keir Starmer; m; Starmer;
Justin Trudeau; m; Trudeau;
Benjamin Netanyahu; m; Netanyahu; Bibi Netanyahu
Recep Tayyip Erdogan; m; Erdogan, Erdoğan; Recep Tayyip Erdoğan, Tayyip Erdogan
Narendra Modi; m; Modi;
Jair Bolsonaro; m; Bolsonaro;
Nicolas Maduro; m; Maduro; Nicolás Maduro
Bashar al-Assad; m; Assad, al-Assad; Bashar Assad
Ali Khamenei; m; Khamenei; Ayatollah Ali Khamenei
Hassan Rouhani; m; Rouhani;
Sergei Lavrov; m; Lavrov; Sergey Lavrov
Dmitry Peskov; m; Peskov; Dmitri Peskov
Mark Rutte; m; Rutte;
Jens Stoltenberg; m; Stoltenberg;
Ursula von der Leyen; f; von der Leyen;
Giorgia Meloni; f; Meloni;
Viktor Orban; m; Orban, Orbán; Viktor Orbán
Antonio Guterres; m; Guterres; António Guterres
"""


def _parse_people(block: str) -> tuple[dict[str, Entry], dict[str, tuple[Entry, str]]]:
    """(full name or alias -> entry, claimed surname -> (entry, gender))."""
    full: dict[str, Entry] = {}
    surnames: dict[str, tuple[Entry, str]] = {}
    for line in block.strip().splitlines():
        name, gender, claims, aliases = (part.strip() for part in line.split(";"))
        entry = Entry(name, "person")
        for alias in [name] + [a.strip() for a in aliases.split(",") if a.strip()]:
            full[alias] = entry
        for surname in (c.strip() for c in claims.split(",") if c.strip()):
            surnames[surname] = (entry, gender)
    return full, surnames


KNOWN_PEOPLE, KNOWN_SURNAMES = _parse_people(_PEOPLE)

# Capitalised phrases that are never actors (rooms, platforms, wars, holidays, laws).
_NOT_ACTORS = """
Oval Office, Truth Social, World War, World War I, World War II, Cold War, Advertisement,
Christmas, Easter, Thanksgiving, Ramadan, Hanukkah, Election Day, Independence Day,
Super Bowl, Internet, God, Covid, COVID, Covid-19, COVID-19, Obamacare, ObamaCare,
Affordable Care Act, Medicare, Medicaid, Social Security, State of the Union, Brexit,
Holocaust, Olympics, Capitol, Twitter post, Facebook post, Instagram, YouTube, Hide Caption, Caption,
Photos, Photo, Getty Images, AP Photo, Reuters Photo
"""


def _parse_lines(block: str, type_: str, source: bool = False) -> list[tuple[list[str], Entry]]:
    out = []
    for line in block.strip().splitlines():
        name, _, rest = line.partition(":")
        name = name.strip()
        aliases = [name] + [a.strip() for a in rest.split(",") if a.strip()]
        out.append((aliases, Entry(name, type_, None, source)))
    return out


_BUILTIN = (
    _parse_lines(_PLACES, "place")
    + _parse_lines(_ORGANIZATIONS, "organization")
    + _parse_lines(_SOURCES, "organization", source=True)
)

#: Canonical names of the built-in news outlets and agencies.
SOURCE_NAMES = frozenset(e.name for _, e in _BUILTIN if e.source)

_NOT_ACTOR_PHRASES = frozenset(p.strip() for p in _NOT_ACTORS.replace("\n", " ").split(",") if p.strip())
_NOT_ACTOR_FIRST = frozenset(p.split(" ")[0] for p in _NOT_ACTOR_PHRASES)


# ---------------------------------------------------------------------------
# Word lists
# ---------------------------------------------------------------------------

def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


# Capitalised words that start sentences or headings and are never part of a name.
STOP_CAPS = _words("""
A An The This That These Those There Here It Its I We You He She They His Her Their Our My Your Me Us Them
And But Or Nor So Yet For If Then Than As At In On Of To By With Without From Into Onto Upon Over Under
After Before During Since Until Till While When Whenever Where Wherever Why What Which Who Whom Whose How
Although Though Because Unless Whether Despite Still Together Meanwhile However Moreover Furthermore
Also Even Only Just Now Today Tonight Yesterday Tomorrow Later Earlier Recently Currently Previously
Already Again Once Instead Indeed Perhaps Maybe Finally First Second Third Last Next Another Other Others
Some Many Most Much More Less All Both Each Every Either Neither No Not None Nothing Such Several Few
Among Amid Amidst Against Between Behind Beyond Through Throughout Within Outside Inside Around About
Above Below Across Along Toward Towards Near Like Unlike Following According Asked Speaking Given
Including Except Besides Regardless Nevertheless Nonetheless Overall Lastly Thus Therefore Hence
Otherwise Rather Whatever Whoever Yes Oh Well Sure Please Thanks Thank Dear Let Lets Is Are Was Were
Be Been Being Do Does Did Has Have Had Will Would Can Could Should Shall May Might Must Sources Source
Officials Authorities Critics Experts Analysts Researchers Scientists Lawmakers Residents Police
Protesters Witnesses Investigators Prosecutors Supporters Opponents Advocates Leaders Voters Observers
Aides People Democrats Republicans Americans Many Both Some Most None Everyone Someone Anyone Nobody
Everybody Somebody Top Senior Former Current New Old Big Small Great Good Bad Best Worst Real True
Free Full Open Close Hard High Low Long Short Early Late Late Breaking Update Updated Editor Note
Read Watch Listen Click Subscribe Share Related Photo Video Image Getty Images Reuters Sign Never Ever
Always Presidents Senators Governors Ministers Reps Sens MPs Latino Latinos Hispanic Hispanics Black Blacks
White Whites Muslim Muslims Christian Christians Jewish Jews Catholic Catholics Evangelical Evangelicals
Marine Marines Sunni Sunnis Shiite Shiites Shia Team Strategy Operation Opinion Analysis Editorial
Commentary Exclusive Watch Live Breaking Inmate Mayor Majority Minority
""") - {"Democrats", "Republicans", "Americans", "Reuters"}

MONTHS_DAYS = _words("""
January February March April May June July August September October November December
Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
Monday Tuesday Wednesday Thursday Friday Saturday Sunday
""")

HONORIFICS = {"Mr.": "m", "Mrs.": "f", "Ms.": "f", "Miss": "f", "Mx.": None, "Messrs.": None,
              "Mr": "m", "Mrs": "f", "Ms": "f"}  # British style has no full stop

# Role words, compared in lower case. A role ends in a noun; modifiers may precede it.
ROLE_NOUNS = _words("""
president vice-president president-elect secretary secretary-general minister premier chancellor
spokesman spokeswoman spokesperson senator sen. sens. representative rep. reps. congressman
congresswoman lawmaker governor gov. mayor leader chairman chairwoman chair director ambassador envoy
general gen. admiral adm. colonel col. lt. sgt. sergeant capt. captain maj. cmdr. commander judge
justice attorney counsel prosecutor sheriff commissioner adviser advisor aide candidate nominee
hopeful challenger speaker king queen prince princess emperor pope cardinal archbishop bishop rabbi
imam ayatollah sheikh emir sultan chief ceo cfo founder co-founder executive professor prof. dr.
economist analyst strategist pollster host anchor correspondent columnist reporter journalist editor
author activist officer detective superintendent coach manager whip dean provost treasurer
comptroller auditor marshal inspector ombudsman lord lady dame sir baroness baron businessman
businesswoman billionaire lawyer commentator delegate donor rival actress actor singer rapper
cmdr. supt. gens. member councilman councilwoman councillor councilor alderman assemblyman assemblywoman
""")

ROLE_MODIFIERS = _words("""
vice deputy acting former interim assistant associate senior chief principal press executive
special foreign defense defence state treasury interior homeland security justice commerce labor
labour education energy health human services transportation agriculture veterans housing urban
development affairs intelligence national majority minority senate house supreme court federal
reserve white attorney crown prime opposition party democratic republican conservative liberal
presidential campaign communications policy finance economic trade home culture environment
environmental emergency public army navy air force marine joint staff chiefs armed relations
judiciary oversight appropriations budget select top lead general district county city police fire
communist military cabinet regional provincial parliamentary first u.s. then sitting longtime
committee council ministry department office agency
""")

# Lowercase words that may sit inside a run (between a capitalised organisation and a name).
_LOWER_RUN_WORDS = sorted(
    {w for w in ROLE_NOUNS if w.isalpha() or "-" in w}
    - {"host", "chair", "judge", "coach", "anchor", "counsel", "aide", "general", "captain",
       "justice", "marshal", "actor", "editor", "author", "speaker", "rival", "donor", "delegate"}
    | {"former", "acting", "deputy", "vice", "senior", "press", "top", "prime", "presidential",
       "foreign", "defense", "first", "administration", "campaign"},
    key=lambda w: (-len(w), w),
)

GENDERED_ROLES = {
    "spokeswoman": "f", "congresswoman": "f", "chairwoman": "f", "queen": "f", "princess": "f",
    "lady": "f", "dame": "f", "baroness": "f", "businesswoman": "f", "actress": "f",
    "spokesman": "m", "congressman": "m", "chairman": "m", "king": "m", "prince": "m",
    "emperor": "m", "pope": "m", "sheikh": "m", "emir": "m", "sultan": "m", "lord": "m", "sir": "m",
    "baron": "m", "businessman": "m", "ayatollah": "m", "rabbi": None, "councilman": "m",
    "councilwoman": "f", "assemblyman": "m", "assemblywoman": "f", "alderman": "m",
}

ORG_HEADS = _words("""
Party Ministry Department Council Committee Commission Agency Group Union Court University College
Institute Institution Foundation Association Bureau Board Bank Fund Organization Organisation
Administration Service Corporation Corp. Inc. Co. Ltd. LLC Company Authority Assembly Parliament
Caucus Coalition Alliance Federation Society Center Centre Network Army Navy Guard Command Corps
Police Office Academy Church Times Post Journal News Tribune Herald Gazette Magazine Club League
Trust Movement Front Brigade Brigades Cabinet Secretariat Tribunal Laboratory Airlines Airways
Motors Industries Holdings Partners Pharmaceuticals Media Institutes Centers Project Initiative
Forces Conference Forum Council Chamber Senate Congress Courts Schools School Hospital Clinic
""")

# Words that make a capitalised phrase a thing, not a person ("Wall Street", "Trump Tower").
NON_PERSON = _words("""
Street Avenue Road Boulevard Square Plaza Park Bridge Tower Towers Building Hall Hotel Airport
Station Stadium Arena Museum Library Island Islands River Lake Mountain Mountains Valley Beach Bay
Sea Ocean Coast Peninsula Desert Canyon Forest County Province Region District Territory Republic
Kingdom State States City Town Village Border Wall War Wars Act Bill Law Plan Accord Accords Treaty
Agreement Deal Doctrine Summit Day Week Month Year Era Age Award Awards Prize Cup Games Olympics Series
Bowl Festival Conference Show Program Programme Fund Index Report Survey Poll Census Times Post
Journal News Online Magazine Review Daily Weekly Social Media Facebook Twitter Instagram YouTube
TikTok Internet Web Website App Center Centre Office Room Church Mosque Temple Cathedral School
High Mall Market Exchange Dollar Euro Pound Yuan Ruble Rouble Hryvnia Bitcoin Covid Virus
Coronavirus Pandemic Vaccine North South East West Northern Southern Eastern Western Central
Northeast Northwest Southeast Southwest Upper Lower Greater Old New Holy Saint Ad Ads Act Amendment
Fire Storm Hurricane Tropical Virus Disease Syndrome Cancer Network Channel Radio Television Policy
Stories Story Newsletter Newsletters Core Convention Memorial Garden Gardens Heights Monitor Arrivals
Mount Fort Systems Technologies Solutions Software Labs Chiefs Reserves Services Security One Sanitizer
Citizens Foundation Institute Project Fund Trust Prize
""")

SUFFIXES = frozenset({"Jr.", "Sr.", "II", "III", "IV", "Jr", "Sr"})
PARTICLES = frozenset({"bin", "bint", "ibn", "al", "el", "de", "da", "del", "della", "di", "du", "van",
                       "von", "der", "den", "la", "le", "dos", "das", "ter", "y"})
_CONNECTORS = frozenset({"of", "for", "on", "and", "&", "the"}) | PARTICLES

# Family name first: "Xi Jinping" is "Xi" on second mention.
FAMILY_FIRST = frozenset("""
Xi Li Wang Zhang Liu Chen Yang Zhao Huang Zhou Wu Hu Wen Jiang Deng Mao Kim Moon Park Yoon Lee Abe
Kishida Suga Ishiba Hun Lukashenko
""".split()) - {"Lukashenko"}

MALE_NAMES = _words("""
Aaron Adam Alan Alex Alexander Alexei Ali Andrew Andy Anthony Antony Arnold Ashraf Barack Ben Benjamin
Bernie Bill Bob Boris Brad Brett Brian Bruce Carl Charles Charlie Chris Christopher Chuck Colin Dan
Daniel Dave David Dennis Dick Dmitry Dmitri Donald Doug Douglas Ed Edward Emmanuel Eric Frank Fred
Gary George Greg Gregory Hakeem Hank Harry Henry Hunter Ivan Jack Jacob Jake James Jared Jason Jeb
Jeff Jeffrey Jens Jeremy Jerome Jerry Jim Jimmy Joe Joel John Jon Jonathan Jordan Joseph Josh Juan
Justin Keir Ken Kevin Kyle Lindsey Lloyd Luis Marco Mark Martin Matt Matthew Max Michael Mike Mitch
Mitt Mohammed Mohammad Muhammad Narendra Neil Nick Nicholas Olaf Oleksandr Oleksii Pat Patrick Paul
Pete Peter Phil Rahm Rand Ray Recep Rex Richard Rick Rishi Rob Robert Roger Roy Rudy Ryan Sam Samuel
Scott Sean Sergei Sergey Stephen Steve Steven Ted Thomas Tim Timothy Todd Tom Tony Viktor Vladimir
Volodymyr Walter Wayne William Xavier Yair Yevgeny Benny Bashar Abdel Hassan Hossein Ebrahim Javad
Emmanuel Friedrich Gerhard Helmut Jean Jacques Francois Giuseppe Matteo Silvio Pedro Jair Andres
Justin Shinzo Fumio Moon Kim Hunter Beto Cory Kamala Elon Jamie Jerome Bernard Karl Lars Mario
Mikhail Nikolai Pavel Yuri Andriy Petro Denys Dmytro Kirill Ramzan Sergiy Brett Brian Neil Mitch Newt
Rudy Rod Jared Eric Devin Adam Jerry Lindsey Orrin Chuck Harry Reince Sean Stephen Steve Corey Roger Rex
Ron Ronald Marco Ted Rand Jeb Mitt Paul Kevin Joe Bernie Pete Beto Cory Andrew Michael Bill Hunter
Barack George Jimmy Gerald Lyndon Franklin Abraham Dwight Woodrow Calvin Herbert Hakeem Mohammed Ahmed
Omar Abdullah Recep Benjamin Yitzhak Ariel Shimon Naftali Ehud Vladimir Xi Narendra Justin Emmanuel Olaf
Hans Klaus Jens Mark Luis Carlos Jose Juan Miguel Manuel Antonio Alberto Fernando Alejandro Ricardo
""") - {"Kamala", "Jamie"}

FEMALE_NAMES = _words("""
Alexandria Alice Amy Angela Ann Anna Anne Annalena Barbara Betsy Betty Carly Caroline Catherine Cathy
Chelsea Christine Claire Debbie Deborah Diane Dianne Donna Elaine Elena Elise Elizabeth Ellen Elsa
Emily Emma Giorgia Gretchen Gina Hillary Ilhan Ivanka Jacinda Jane Janet Jen Jennifer Jill Jo Joan
Joni Julia Julie Karen Kamala Karine Kate Katie Kathy Kay Kayleigh Kelly Kellyanne Kim Kirsten Kristi
Kristen Laura Lauren Leslie Linda Lisa Liz Lori Madeleine Maria Marie Marine Marsha Mary Megan
Melania Michelle Mia Nancy Nikki Olga Pam Pamela Patricia Rachel Rashida Rebecca Rose Ruth Sally
Samantha Sandra Sarah Sara Shannon Sheila Stacey Stephanie Susan Susie Tammy Theresa Tina Tulsi
Ursula Valerie Victoria Virginia Wendy Yulia Yuliia Zoe Olena Iryna Kaja Mette Sanna Ilhan Alexandra
Christine Stacey Ruth Sonia Elena Amy Tulsi Kirsten Marsha Lisa Susan Dianne Maxine Ayanna Rashida
Condoleezza Madeleine Janet Loretta Sally Kathleen Betsy Kellyanne Hope Ivanka Melania Michelle Laura
Hillary Sarah Nikki Jacinda Theresa Margaret Angela Ann Anne Nancy Cindy Joni Kyrsten Lauren Kristen
""")

FIRST_NAMES = MALE_NAMES | FEMALE_NAMES

NICKNAMES = {
    frozenset(p)
    for p in [
        ("Joe", "Joseph"), ("Bill", "William"), ("Bob", "Robert"), ("Rob", "Robert"), ("Mike", "Michael"),
        ("Jim", "James"), ("Jimmy", "James"), ("Tom", "Thomas"), ("Chuck", "Charles"), ("Dick", "Richard"),
        ("Rick", "Richard"), ("Ted", "Edward"), ("Ted", "Theodore"), ("Dan", "Daniel"), ("Dave", "David"),
        ("Steve", "Steven"), ("Steve", "Stephen"), ("Chris", "Christopher"), ("Tony", "Anthony"),
        ("Pete", "Peter"), ("Andy", "Andrew"), ("Matt", "Matthew"), ("Nick", "Nicholas"), ("Sam", "Samuel"),
        ("Alex", "Alexander"), ("Liz", "Elizabeth"), ("Beth", "Elizabeth"), ("Kate", "Katherine"),
        ("Pam", "Pamela"), ("Jen", "Jennifer"), ("Greg", "Gregory"), ("Jeff", "Jeffrey"), ("Tim", "Timothy"),
        ("Ben", "Benjamin"), ("Bibi", "Benjamin"), ("Jon", "Jonathan"), ("Don", "Donald"), ("Ron", "Ronald"),
        ("Dmitri", "Dmitry"), ("Sergey", "Sergei"), ("Mohammad", "Mohammed"), ("Muhammad", "Mohammed"),
    ]
}

# Lines that are boilerplate, not story: their names are not actors. A fast search
# for the tell-tale words first; only the lines that contain one are skipped.
_BOILERPLATE_ANYWHERE = ("contributed to this article", "contributed to this report", "can be reached at",
                         "all rights reserved", "comment policy", "copyright", "©")
_BOILERPLATE_WORDS = (r"[ \t•*·-]*(?:advertisement|sponsored|click here|hide caption"
                      r"|- .* - (?:mon|tues|wednes|thurs|fri|satur|sun)day)")
# A line that starts with one of these: matched at the text's start, and searched for
# after a line break (a search that begins with "\n" the regex engine does fast; one that
# begins with "^|\n" it tries at every position).
_BOILERPLATE_FIRST = re.compile(_BOILERPLATE_WORDS, re.I)
_BOILERPLATE_NEXT = re.compile(r"\n" + _BOILERPLATE_WORDS, re.I)


_LINE = re.compile(r"[^\n]+")
_SMALL_WORDS = frozenset("a an the of and or in on at to for by with from as is are vs. vs".split())


def _headings(text: str) -> list[tuple[int, int]]:
    """Short title-case lines without a full stop ("Hegseth in Brussels", "The Quiet Cost of Cheap Flights")."""
    out = []
    for m in _LINE.finditer(text):
        line = m.group().strip()
        if len(line) > 120 or not line or line[-1] in ".!?\"”’:":
            continue
        words = [w for w in line.split() if w[:1].isalpha()]
        if len(words) < 3:
            continue
        caps = sum(w[0].isupper() for w in words if w.lower() not in _SMALL_WORDS)
        content = sum(w.lower() not in _SMALL_WORDS for w in words)
        if content and caps == content:
            out.append((m.start(), m.end()))
    return out


def _boilerplate_lines(text: str) -> list[tuple[int, int]]:
    first = _BOILERPLATE_FIRST.match(text)  # no match holds a line break but its first character
    hits = [first.end()] if first else []
    hits += [m.end() for m in _BOILERPLATE_NEXT.finditer(text)]
    lower = None
    for word in _BOILERPLATE_ANYWHERE:
        if lower is None:
            lower = text.lower()
        p = lower.find(word)
        while p >= 0:
            hits.append(p)
            p = lower.find(word, p + 1)
    spans = []
    for h in sorted(hits):
        a = text.rfind("\n", 0, h) + 1
        b = text.find("\n", h)
        b = len(text) if b < 0 else b
        if not spans or spans[-1][1] < a:
            spans.append((a, b))
    return spans


# ---------------------------------------------------------------------------
# The gazetteer
# ---------------------------------------------------------------------------


def _norm_space(s: str) -> str:
    return " ".join(s.split())


class Gazetteer:
    """Known actors, looked up by exact alias.

    Built from the built-in lists of places, organisations and news outlets,
    plus (optionally) a researcher's entries, which take precedence.

    Parameters
    ----------
    entries
        Researcher actors as ``(aliases, Entry)`` pairs; the entry's own name
        counts as an alias.
    builtin
        Include the built-in lists (default True).
    """

    def __init__(self, entries: Iterable[tuple[list[str], Entry]] = (), *, builtin: bool = True):
        self.aliases: dict[str, Entry] = {}
        self.person_aliases: dict[str, Entry] = {}
        self.researcher: list[Entry] = []
        if builtin:
            for aliases, entry in _BUILTIN:
                for alias in aliases:
                    self.aliases.setdefault(_norm_space(alias), entry)
        for aliases, entry in entries:
            self.researcher.append(entry)
            for alias in [entry.name, *aliases]:
                alias = _norm_space(alias)
                self.aliases[alias] = entry
                if entry.type == "person":
                    self.person_aliases[alias] = entry
        # Aliases that start with a lowercase letter ("al-Qaeda") are not found by
        # the capitalised-run scanner; they get their own small regex.
        lower = sorted((a for a in self.aliases if a[:1].islower()), key=lambda a: (-len(a), a))
        self.lower_regex = (
            re.compile(r"(?<![\w’'-])(?:" + "|".join(re.escape(a) for a in lower) + r")(?![\w-])") if lower else None
        )
        self.first_tokens = frozenset(a.split(" ")[0] for a in self.aliases)
        self.max_tokens = max((a.count(" ") + 1 for a in self.aliases), default=1)
        # Single-word aliases of organisations and places, usable in front of a title.
        self.single_non_person = frozenset(
            a for a, e in self.aliases.items() if " " not in a and e.type != "person"
        )
        self.source_names = frozenset(e.name for e in self.aliases.values() if e.source)
        # well-known people (KNOWN_PEOPLE): full names, and surnames that name one person alone
        self.known_people: dict[str, Entry] = dict(KNOWN_PEOPLE) if builtin else {}
        self.known_surnames: dict[str, tuple[Entry, str]] = dict(KNOWN_SURNAMES) if builtin else {}

    def lookup(self, alias: str) -> Entry | None:
        return self.aliases.get(alias)


_DEFAULT_GAZETTEER: Gazetteer | None = None


def default_gazetteer() -> Gazetteer:
    """The built-in gazetteer (built once per process)."""
    global _DEFAULT_GAZETTEER
    if _DEFAULT_GAZETTEER is None:
        _DEFAULT_GAZETTEER = Gazetteer()
    return _DEFAULT_GAZETTEER


_TYPE_SYNONYMS = {"person": "person", "organization": "organization", "organisation": "organization",
                  "org": "organization", "place": "place", "location": "place"}
_ENTRY_KEYS = {"name", "type", "aliases", "group"}


def load_actors_config(path: str | Path) -> Gazetteer:
    """Read a researcher's actors file (YAML) and return the gazetteer it defines.

    The file holds a list under ``actors:``; each entry has ``name`` and ``type``
    (person, organization or place) and optionally ``aliases`` (a list of
    strings) and ``group`` (a string). Errors name the file, the entry's index
    and the key.
    """
    import yaml

    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ActorsConfigError(f"{path}: actors file not found") from None
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise ActorsConfigError(f"{path}: not valid YAML: {exc}") from None
    if data is None:
        data = {"actors": []}
    if not isinstance(data, dict) or "actors" not in data:
        raise ActorsConfigError(f"{path}: expected a mapping with an 'actors:' list at the top level")
    extra = sorted(set(data) - {"actors"})
    if extra:
        raise ActorsConfigError(f"{path}: unknown top-level key(s) {extra}; only 'actors' is read")
    items = data["actors"] or []
    if not isinstance(items, list):
        raise ActorsConfigError(f"{path}: 'actors' must be a list of entries, got {type(items).__name__}")

    entries: list[tuple[list[str], Entry]] = []
    seen: dict[str, tuple[int, str]] = {}
    for i, item in enumerate(items):
        where = f"{path}: actors[{i}]"
        if not isinstance(item, dict):
            raise ActorsConfigError(f"{where}: each entry must be a mapping with 'name' and 'type', got {item!r}")
        unknown = sorted(set(item) - _ENTRY_KEYS)
        if unknown:
            raise ActorsConfigError(f"{where}: unknown key(s) {unknown}; allowed: {sorted(_ENTRY_KEYS)}")
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ActorsConfigError(f"{where}: key 'name' must be a non-empty string, got {name!r}")
        where = f"{path}: actors[{i}] ({name})"
        type_ = item.get("type")
        if not isinstance(type_, str) or type_.strip().lower() not in _TYPE_SYNONYMS:
            raise ActorsConfigError(f"{where}: key 'type' must be one of {', '.join(ACTOR_TYPES)}, got {type_!r}")
        aliases = item.get("aliases", []) or []
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise ActorsConfigError(f"{where}: key 'aliases' must be a list of non-empty strings, got {aliases!r}")
        group = item.get("group")
        if group is not None and not isinstance(group, str):
            raise ActorsConfigError(f"{where}: key 'group' must be a string, got {group!r}")
        entry = Entry(_norm_space(name), _TYPE_SYNONYMS[type_.strip().lower()], group, False)
        for alias in [name, *aliases]:
            key = _norm_space(alias)
            if key in seen and seen[key][1] != entry.name:
                j, other = seen[key]
                raise ActorsConfigError(f"{where}: alias {key!r} is also an alias of actors[{j}] ({other})")
            seen[key] = (i, entry.name)
        entries.append(([_norm_space(a) for a in aliases], entry))
    return Gazetteer(entries)


# ---------------------------------------------------------------------------
# Scanning
# ---------------------------------------------------------------------------

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
_ABBREV = (r"(?:Mr|Mrs|Ms|Mx|Messrs|Dr|Prof|Sens?|Reps?|Gov|Lt|Gens?|Col|Sgt|Capt|Cpl|Adm|Maj|Cmdr|Rev|Hon|"
           r"Atty|Supt|Jr|Sr|St|Mt|Ft|Corp|Inc|Co|Ltd|Bros)\.")
_INITIALS = r"(?:[A-Z]\.){1,4}(?!\w)"
_CAPWORD = rf"[{_UPPER}][\w]*(?:['’][{_UPPER}][\w]*)?(?:-[\w]+)*"


def _trie_regex(words) -> str:
    """A regex alternation of `words` sharing prefixes, which the regex engine tries much faster."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node) -> str:
        alts = []
        end = "" in node
        for ch in sorted(k for k in node if k):
            alts.append(re.escape(ch) + build(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)


_LOWER = r"(?:then-|ex-)?" + _trie_regex(_LOWER_RUN_WORDS) + r"(?![\w-])"
_TOKEN = rf"(?:{_ABBREV}|{_INITIALS}|{_CAPWORD}|{_LOWER})"
_CONN = r"(?:of|for|on|and|&|the|" + "|".join(sorted(PARTICLES)) + r")"
_RUN = re.compile(rf"(?<![\w’'@.-]){_TOKEN}(?:[ \u00a0](?:{_CONN}[ \u00a0])*{_TOKEN})*")

_CUE_AFTER = re.compile(
    r"[ \u00a0]+(?:said|says|told|tells|wrote|writes|added|adds|asked|asks|noted|explained|argued|insisted|"
    r"warned|claimed|replied|responded|tweeted|announced|testified|stated|declared|recalled)\b"
)
_CUE_BEFORE = re.compile(r"\b(?:said|says|according to)[ \u00a0]+$")
_ACRONYM_DEF = re.compile(r"[ \u00a0]*\(([A-Z][A-Z0-9&.-]{1,9})\)")


def _inside(starts: list[int], spans: list[tuple[int, int]], pos: int) -> bool:
    """Is `pos` inside one of the sorted, non-overlapping `spans` (whose starts are `starts`)?"""
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and pos < spans[i][1]


@dataclass
class _Tok:
    start: int
    end: int
    text: str


_INITIALS_ONLY = re.compile(r"(?:[A-Z]\.)+")  # "J.D.", "R."
_ONE_INITIAL = re.compile(r"[A-Z]\.")
_ROLE_WORDS = ROLE_NOUNS | ROLE_MODIFIERS
_HEADS_OR_NON_PERSON = ORG_HEADS | NON_PERSON


def _is_cap(t: str) -> bool:
    c = t[:1]
    return c.isupper()


def _is_acronym(t: str) -> bool:
    return len(t) >= 2 and t.replace("&", "").replace("-", "").isupper() and "." not in t


def _name_like(t: str, gaz: Gazetteer) -> bool:
    """Could `t` be one word of a person's name?"""
    if not t[:1].isupper():
        return False
    if t in STOP_CAPS or t in MONTHS_DAYS or t in ORG_HEADS or t in NON_PERSON or t in HONORIFICS:
        return False
    if t.lower() in ROLE_NOUNS:
        return False
    if "." in t:
        return bool(_INITIALS_ONLY.fullmatch(t))  # initials: "J.D.", "R."
    if _is_acronym(t) and len(t) > 1:
        return False
    if "-" in t:
        parts = t.split("-")
        if not all(p[:1].isupper() or p.lower() in ("al", "el", "bin") for p in parts if p):
            return False
    entry = gaz.aliases.get(t)
    if entry is not None and entry.type == "organization":
        return False
    return True


_SURNAME_PREFIXES = ("al-", "el-", "Al-", "El-")
_FIRST_NOT_FAMILY = FIRST_NAMES - {"Kim", "Moon"}


def _surname_keys(core: list[str]) -> list[str]:
    words = [w for w in core if w not in SUFFIXES]
    if not words:
        return []
    last = words[-1]
    if last.startswith(_SURNAME_PREFIXES):
        for pre in _SURNAME_PREFIXES:
            if last.startswith(pre) and len(last) > len(pre) + 1:
                last = last[len(pre):]
    keys = [last]
    if len(words) >= 2 and words[0] in FAMILY_FIRST and words[0] not in _FIRST_NOT_FAMILY:
        keys.append(words[0])
    return keys


def _is_full(core: list[str]) -> bool:
    """A full name has a first name and a surname: "Anna de Vries", not "de Vries" or "Trump Jr."."""
    return sum(w not in SUFFIXES and w not in PARTICLES for w in core) >= 2


def _canonical_form(core: list[str]) -> str:
    """The name without middle initials: "Donald J. Trump" -> "Donald Trump"."""
    kept = [w for i, w in enumerate(core) if i == 0 or not _ONE_INITIAL.fullmatch(w)]
    return " ".join(kept)


def _first_names_compatible(a: list[str], b: list[str]) -> bool:
    fa, fb = a[0], b[0]
    if fa == fb:
        return True
    if _INITIALS_ONLY.fullmatch(fa) or _INITIALS_ONLY.fullmatch(fb):
        return fa[0] == fb[0]
    return frozenset((fa, fb)) in NICKNAMES


def _suffix(core: list[str]) -> str | None:
    return core[-1] if core[-1] in SUFFIXES else None


# ---------------------------------------------------------------------------
# The article reader
# ---------------------------------------------------------------------------


class _Reader:
    """Reads one article. Kept as a class so the steps share the article's state."""

    def __init__(self, text: str, gaz: Gazetteer):
        self.text = text
        self.gaz = gaz
        self.found: list[dict] = []  # mentions with an internal "kind": person | entry | org | descriptor | single
        self.skip_spans = _boilerplate_lines(text)

    # -- step 1 -------------------------------------------------------------

    def scan(self) -> None:
        text = self.text
        skip = self.skip_spans
        skip_starts = [a for a, _ in skip]
        self.headings = _headings(text)
        heading_starts = [a for a, _ in self.headings]
        for m in _RUN.finditer(text):
            pos = m.start()
            if skip_starts and _inside(skip_starts, skip, pos):
                continue
            g = m.group()
            if " " not in g and "\u00a0" not in g:
                if g in STOP_CAPS or g in MONTHS_DAYS or not g[0].isupper():
                    continue  # the most common run: one sentence-initial word
                toks = [_Tok(pos, pos + len(g), g)]
            else:
                toks = []
                for w in g.replace("\u00a0", " ").split(" "):
                    toks.append(_Tok(pos, pos + len(w), w))
                    pos += len(w) + 1
            self.in_heading = bool(heading_starts) and _inside(heading_starts, self.headings, m.start())
            self._read_run(toks)
        if self.gaz.lower_regex is not None:
            taken = [(f["start"], f["end"]) for f in self.found]
            for m in self.gaz.lower_regex.finditer(text):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                if skip_starts and _inside(skip_starts, skip, m.start()):
                    continue
                self._emit_entry(m.start(), m.end(), self.gaz.aliases[m.group()])
            self.found.sort(key=lambda f: f["start"])

    def _read_run(self, toks: list[_Tok]) -> None:
        gaz = self.gaz
        n = len(toks)
        has_head = toks[0].text in ORG_HEADS if n == 1 else any(tk.text in ORG_HEADS for tk in toks)
        i = 0
        while i < n:
            t = toks[i].text
            if t in _CONNECTORS or (not t[:1].isupper() and not t.lower() in ROLE_NOUNS
                                    and not t.lower() in ROLE_MODIFIERS):
                i += 1
                continue
            g_end = self._gaz_match(toks, i)
            r = self._role_person(toks, i, g_end) if n > 1 else None
            o_end = self._org_span(toks, i) if has_head else 0
            g_len = g_end - i if g_end else 0
            r_len = (r[2] - i) if r else 0
            o_len = o_end - i if o_end else 0
            best = max(g_len, r_len, o_len)
            if best and g_len == best:
                key = self._key(toks, i, g_end)
                if key in _NOT_ACTOR_PHRASES:
                    i = g_end
                    continue
                entry = gaz.aliases[key]
                if entry.type == "person":
                    self._emit_person(toks, i, g_end, role_end=i, forced=entry)
                else:
                    self._emit_entry(toks[i].start, toks[g_end - 1].end, entry, maybe_surname=(g_len == 1))
                i = g_end
                continue
            if best and r_len == best:
                role_end, name_end = r[1], r[2]
                if name_end == role_end:  # a description without a name: "the Ukrainian president"
                    self._emit_descriptor(toks, i, role_end)
                else:
                    self._emit_person(toks, i, name_end, role_end=role_end)
                i = name_end
                continue
            if best and o_len == best:
                self._emit_org(toks, i, o_end)
                i = o_end
                continue
            if t in STOP_CAPS or t in MONTHS_DAYS or not _is_cap(t):
                i += 1
                continue
            # hyphenated word with a gazetteer part: "Russian-occupied", "Russia-Ukraine"
            if "-" in t and t not in gaz.aliases:
                if self._hyphen_parts(toks[i]):
                    i += 1
                    continue
            # a name without a title; "Safeguarding European security" is none
            if t.endswith(("ing", "ed")) and t not in FIRST_NAMES and len(t) > 4 and self._sentence_initial(toks[i].start):
                i += 1
                continue
            j = i
            while j < n and (_name_like(toks[j].text, gaz) or (
                    j > i and toks[j].text in PARTICLES and j + 1 < n and _name_like(toks[j + 1].text, gaz))
                    or (j > i and toks[j].text == "King" and j + 1 < n and toks[j + 1].text in SUFFIXES)):
                if j > i and any(toks[x].text == toks[j].text for x in range(i, j)):
                    break  # "Trump Trump": page furniture, not a longer name
                j += 1
            while j - i >= 3 and toks[j - 1].text in gaz.aliases:
                j -= 1  # "James Jeffrey Iraq": the place is not part of the name
            while j < n and j > i and toks[j].text in SUFFIXES:
                j += 1
            if j > i and toks[j - 1].text in PARTICLES:
                j -= 1
            if j < n and j > i and toks[j].text in ("administration", "campaign"):
                self._emit_named_org(toks, i, j + 1)
                i = j + 1
                continue
            if j - i >= 2 and self.in_heading:
                # A title-case heading ("The Quiet Cost of Cheap Flights"): only known surnames count here.
                for tk in toks[i:j]:
                    self._keep_single(tk)
                i = j
                continue
            if j - i >= 2:
                words = [tk.text for tk in toks[i:j]]
                phrase = " ".join(words)
                if phrase in _NOT_ACTOR_PHRASES:
                    i = j
                    continue
                if j < n and toks[j].text in NON_PERSON:
                    i = j + 1  # "Trump Tower", "Wall Street"
                    continue
                if not self._real_name(words) or (
                        words[0] not in FIRST_NAMES and any(w in gaz.aliases for w in words)):
                    i += 1  # "Russia Ukraine", "Putin Russia": not a name; read the words one by one
                    continue
                self._emit_person(toks, i, j, role_end=i)
                i = j
                continue
            if j == i + 1:
                if j < n and toks[j].text in NON_PERSON:
                    i = j + 1
                    continue
                self._keep_single(toks[i])
                i = j
                continue
            if _is_acronym(t):
                self._keep_single(toks[i])
            i += 1

    def _sentence_initial(self, pos: int) -> bool:
        k = pos - 1
        while k >= 0 and self.text[k] in " \t\u00a0":
            k -= 1
        return k < 0 or self.text[k] in ".!?\n\"“‘:(—"

    @staticmethod
    def _key(toks, i, j):
        if j == i + 1:
            return toks[i].text
        return " ".join([tk.text for tk in toks[i:j]])

    def _gaz_match(self, toks, i) -> int:
        """End index of the longest gazetteer alias starting at token i, or 0."""
        gaz = self.gaz
        if toks[i].text not in gaz.first_tokens and toks[i].text not in _NOT_ACTOR_FIRST:
            return 0
        n = len(toks)
        for j in range(min(n, i + max(gaz.max_tokens, 4)), i, -1):
            key = self._key(toks, i, j)
            if key in gaz.aliases or key in _NOT_ACTOR_PHRASES:
                if j == i + 1 and key in gaz.aliases and j < n and toks[i].text in FIRST_NAMES \
                        and _name_like(toks[j].text, gaz) and toks[j].text not in gaz.aliases:
                    return 0  # "Jordan Peterson", "Georgia Smith": a first name, not a place
                return j
        if toks[i].text in _NOT_ACTOR_PHRASES:
            return i + 1
        return 0

    def _is_role_modifier(self, t: str) -> bool:
        lo = t.lower()
        if lo in ROLE_MODIFIERS:
            return True
        if t in self.gaz.single_non_person or t in ORG_HEADS:
            return True
        return False

    def _role_person(self, toks, i, g):
        """(i, role_end, name_end) if a title starts at i, else None.

        `g` is the end of the gazetteer alias starting at i (0 if none);
        name_end == role_end means a title without a name (a description)."""
        n = len(toks)
        j = i
        last_noun = -1
        saw_of = False
        # A multi-word organisation or place in front of the title ("White House press secretary").
        if g and g - i >= 2 and self.gaz.aliases.get(self._key(toks, i, g), Entry("", "person")).type != "person":
            j = g
        while j < n:
            t = toks[j].text
            lo = t.lower()
            if t in HONORIFICS or lo in ROLE_NOUNS:
                # "General Motors": a role noun directly followed by an org head is an organisation
                last_noun = j
                j += 1
                if t in HONORIFICS:
                    break
                continue
            if lo in ("of", "the", "for") and j > i and last_noun >= 0:
                saw_of = True
                j += 1
                continue
            if lo == "and" and saw_of and j + 1 < n and self._is_role_modifier(toks[j + 1].text):
                j += 1
                continue
            if self._is_role_modifier(t):
                j += 1
                continue
            if lo.startswith(("then-", "ex-")) and lo.split("-", 1)[1] in _ROLE_WORDS:
                j += 1
                continue
            break
        if last_noun < 0:
            return None
        role_end = j
        # trailing connectors or modifiers after the last noun belong to the role only after "of"
        if role_end - 1 > last_noun and not saw_of:
            role_end = last_noun + 1
        while role_end > last_noun + 1 and toks[role_end - 1].text in ("of", "the", "for", "and"):
            role_end -= 1
        k = role_end
        gaz = self.gaz
        titled = toks[role_end - 1].text in HONORIFICS
        while k < n and (_name_like(toks[k].text, gaz) or (
                (k > role_end or titled) and toks[k].text in PARTICLES and k + 1 < n
                and _name_like(toks[k + 1].text, gaz))):
            k += 1
        while k < n and k > role_end and toks[k].text in SUFFIXES:
            k += 1
        if k > role_end and toks[k - 1].text in PARTICLES:
            k -= 1
        if k == role_end:
            # a description needs a place in it and "the" in front: "the Ukrainian president"
            if any(toks[x].text in gaz.aliases and gaz.aliases[toks[x].text].type == "place"
                   for x in range(i, role_end)) and self._preceded_by_the(toks, i):
                return (i, role_end, role_end)
            return None
        if k < n and toks[k].text in _HEADS_OR_NON_PERSON:
            return None  # "General Motors Co.", "President Trump Tower"
        if not self._real_name([tk.text for tk in toks[role_end:k]], titled=toks[role_end - 1].text in HONORIFICS):
            return None  # "host U.S. officials"
        return (i, role_end, k)

    def _real_name(self, core: list[str], titled: bool = False) -> bool:
        """A name needs a word that is neither initials nor a known place ("U.S." alone is no name)."""
        aliases = self.gaz.aliases
        for w in core:
            if w in PARTICLES or w in SUFFIXES or _INITIALS_ONLY.fullmatch(w):
                continue
            if w not in aliases or titled or (core[0] in FIRST_NAMES and len(core) > 1):
                return True
        return False

    def _preceded_by_the(self, toks, i) -> bool:
        if i > 0:
            return toks[i - 1].text in ("The", "the")
        return self.text[max(0, toks[i].start - 4):toks[i].start].lower() == "the "

    def _org_span(self, toks, i) -> int:
        """End index of an organisation named by its head word ("Defense Ministry"), or 0."""
        n = len(toks)
        t0 = toks[i].text
        if t0 in STOP_CAPS or t0 in HONORIFICS or not _is_cap(t0) or t0 in MONTHS_DAYS:
            return 0
        j = i
        last_head = -1
        while j < n:
            t = toks[j].text
            if _is_cap(t) and t not in STOP_CAPS and t not in HONORIFICS and t not in MONTHS_DAYS:
                if t in ORG_HEADS:
                    last_head = j
                j += 1
                continue
            break
        if last_head < 0 or last_head == i and (last_head + 1 >= n or toks[last_head + 1].text not in ("of", "for", "on")):
            return 0
        end = last_head + 1
        # "Department of Justice", "Committee on Foreign Relations"
        k = end
        while k < n and toks[k].text in ("of", "for", "on", "the"):
            k += 1
        if k > end:
            m = k
            while m < n and _is_cap(toks[m].text) and toks[m].text not in HONORIFICS and toks[m].text not in STOP_CAPS:
                m += 1
            if m > k:
                end = m
        if end - i < 2:
            return 0
        return end

    def _hyphen_parts(self, tok: _Tok) -> bool:
        pos = tok.start
        emitted = False
        for part in tok.text.split("-"):
            entry = self.gaz.aliases.get(part)
            if entry is not None and entry.type != "person" and part not in _NOT_ACTOR_PHRASES:
                self._emit_entry(pos, pos + len(part), entry)
                emitted = True
            pos += len(part) + 1
        return emitted

    # -- emitters -----------------------------------------------------------

    def _emit_entry(self, start, end, entry: Entry, maybe_surname=False):
        if self.text[max(0, start - 4):start].lower() == "non-":
            return
        self.found.append({"start": start, "end": end, "kind": "entry", "entry": entry,
                           "maybe_surname": maybe_surname, "surface": self.text[start:end]})

    def _emit_org(self, toks, i, j):
        start, end = toks[i].start, toks[j - 1].end
        name = _norm_space(self.text[start:end])
        if name.startswith("The "):
            name = name[4:]
        entry = self.gaz.aliases.get(name) or Entry(name, "organization")
        f = {"start": start, "end": end, "kind": "org", "entry": entry, "surface": self.text[start:end]}
        m = _ACRONYM_DEF.match(self.text, end)
        if m:
            f["acronym"] = m.group(1)
            f["acronym_at"] = m.start(1)
        self.found.append(f)

    def _emit_named_org(self, toks, i, j):
        start, end = toks[i].start, toks[j - 1].end
        words = [tk.text for tk in toks[i:j - 1] if tk.text not in SUFFIXES]
        self.found.append({"start": start, "end": end, "kind": "named_org", "surname": words[-1],
                           "what": toks[j - 1].text, "surface": self.text[start:end]})

    def _emit_person(self, toks, i, j, role_end, forced: Entry | None = None):
        role_toks = [tk.text for tk in toks[i:role_end]]
        core = [tk.text for tk in toks[role_end:j]]
        honorific = None
        if role_toks and role_toks[-1] in HONORIFICS:
            honorific = role_toks[-1]
            role_toks = role_toks[:-1]
        # nationality: places at the front of the title are dropped from the role
        nationality = None
        k = 0
        while k < len(role_toks):
            e = self.gaz.aliases.get(role_toks[k])
            if e is not None and e.type == "place":
                nationality = nationality or e.name
                k += 1
                continue
            break
        role_words = role_toks[k:]
        role = " ".join(role_words) if role_words else None
        gender = HONORIFICS.get(honorific) if honorific else None
        for w in role_words:
            gender = gender or GENDERED_ROLES.get(w.lower())
        start = toks[i].start
        self.found.append({
            "start": start, "end": toks[j - 1].end, "kind": "person", "core": core, "role": role,
            "nationality": nationality, "honorific": honorific, "gender": gender, "forced": forced,
            "role_noun": role_words[-1].lower() if role_words else None,
            "surface": self.text[start:toks[j - 1].end],
        })

    def _emit_descriptor(self, toks, i, role_end):
        role_toks = [tk.text for tk in toks[i:role_end]]
        nationality = None
        for w in role_toks:
            e = self.gaz.aliases.get(w)
            if e is not None and e.type == "place":
                nationality = e.name
                break
        start, end = toks[i].start, toks[role_end - 1].end
        self.found.append({"start": start, "end": end, "kind": "descriptor", "nationality": nationality,
                           "role_noun": role_toks[-1].lower(), "toks": toks[i:role_end],
                           "surface": self.text[start:end]})

    def _keep_single(self, tok: _Tok):
        text = self.text
        after_cue = bool(_CUE_AFTER.match(text, tok.end))
        before = text[max(0, tok.start - 20):tok.start]
        # (the regex only where one of its words is there at all)
        before_cue = ("said" in before or "says" in before or "according to" in before) and bool(
            _CUE_BEFORE.search(before))
        self.found.append({"start": tok.start, "end": tok.end, "kind": "single", "word": tok.text,
                           "speaks": after_cue or before_cue, "surface": tok.text})

    # -- steps 2 and 3 --------------------------------------------------------

    def resolve(self) -> list[dict]:
        found = self.found
        text = self.text
        gaz = self.gaz

        # Single words that speak ("Trump said") are people, unless they are plain words; so
        # are the surnames of well-known people ("Putin's war").
        lower_words = None
        for f in found:
            if f["kind"] == "single" and (f["speaks"] or f["word"] in gaz.known_surnames) \
                    and not _is_acronym(f["word"]) \
                    and f["word"] not in STOP_CAPS and f["word"] not in gaz.aliases:
                word = f["word"].lower()
                if lower_words is None:
                    lower_words = {}
                if word not in lower_words:  # is it also written in lower case (a plain word)?
                    lower_words[word] = word[:1].isalpha() and word.isascii() and word in text and re.search(
                        r"(?<![\w'-])" + re.escape(word) + r"(?![\w'-])", text) is not None
                if not lower_words[word]:
                    f.update(kind="person", core=[f["word"]], role=None, nationality=None, honorific=None,
                             gender=None, forced=None, role_noun=None)

        clusters = self._cluster([f for f in found if f["kind"] == "person"])
        by_key: dict[str, list[int]] = {}
        for ci, c in enumerate(clusters):
            for k in c["keys"]:
                by_key.setdefault(k, []).append(ci)

        acronyms: dict[str, Entry] = {}
        acronym_positions = set()
        org_names = sorted({f["entry"].name for f in found
                            if f["kind"] in ("org", "entry") and f["entry"].type == "organization"})
        for f in found:
            if f["kind"] == "org" and "acronym" in f:
                acronyms.setdefault(f["acronym"], self._merged_org(f["entry"], org_names))
                acronym_positions.add(f["acronym_at"])

        out = []
        for f in found:
            kind = f["kind"]
            if kind == "person":
                c = clusters[f["cluster"]]
                out.append(self._mention(f, c["name"], "person", f["role"], c["group"]))
            elif kind == "entry":
                entry = f["entry"]
                if f.get("maybe_surname") and f["surface"] in by_key and clusters[by_key[f["surface"]][0]]["strong"]:
                    c = clusters[by_key[f["surface"]][0]]
                    out.append(self._mention(f, c["name"], "person", None, c["group"]))
                else:
                    out.append(self._mention(f, entry.name, entry.type, None, entry.group))
            elif kind == "org":
                entry = self._merged_org(f["entry"], org_names)
                out.append(self._mention(f, entry.name, entry.type, None, entry.group))
            elif kind == "named_org":
                name = f["surname"]
                if name in by_key:
                    name = clusters[by_key[name][0]]["surname"]
                actor = f"{name} {f['what']}"
                entry = gaz.aliases.get(actor)
                out.append(self._mention(f, actor, "organization", None, entry.group if entry else None))
            elif kind == "descriptor":
                c = self._descriptor_person(f, clusters)
                if c is not None:
                    out.append(self._mention(f, c["name"], "person", None, c["group"]))
                else:
                    for tk in f["toks"]:
                        e = gaz.aliases.get(tk.text)
                        if e is not None and e.type != "person":
                            out.append(self._mention({"start": tk.start, "end": tk.end, "surface": tk.text},
                                                     e.name, e.type, None, e.group))
            elif kind == "single":
                w = f["word"]
                if w in by_key and w not in MONTHS_DAYS:
                    cands = by_key[w]
                    ci = cands[0] if len(cands) == 1 else self._pick(cands, clusters, f["start"], None)
                    c = clusters[ci]
                    out.append(self._mention(f, c["name"], "person", None, c["group"]))
                elif w in acronyms and f["start"] not in acronym_positions:
                    e = acronyms[w]
                    out.append(self._mention(f, e.name, e.type, None, e.group))
        return out

    @staticmethod
    def _mention(f, actor, actor_type, role, group):
        return {"start": f["start"], "end": f["end"], "surface": f["surface"], "actor": actor,
                "actor_type": actor_type, "role": role, "group": group}

    @staticmethod
    def _merged_org(entry: Entry, org_names: list[str]) -> Entry:
        """A short name the article uses for an organisation it named in full: "Contact Group"."""
        if entry.group is not None or " " not in entry.name:
            return entry
        best = None
        for other in org_names:
            if other != entry.name and other.endswith(" " + entry.name):
                if best is None or len(other) > len(best):
                    best = other
        return Entry(best, "organization") if best else entry

    def _descriptor_person(self, f, clusters):
        hits = [ci for ci, c in enumerate(clusters) if (f["nationality"], f["role_noun"]) in c["titles"]]
        if len(hits) == 1:
            return clusters[hits[0]]
        return None

    def _pick(self, cands, clusters, pos, gender):
        if gender:
            g = [ci for ci in cands if _vote(clusters[ci]["gender_votes"]) in (gender, None)]
            cands = g or cands
        before = [(clusters[ci]["last_full_before"](pos), ci) for ci in cands]
        best = max(before)
        if best[0] >= 0:
            return best[1]
        return cands[0]

    def _cluster(self, persons: list[dict]) -> list[dict]:
        gaz = self.gaz
        clusters: list[dict] = []
        by_key: dict[str, list[int]] = {}  # surname -> clusters, in order of creation

        def new(f):
            clusters.append({"members": [], "full": [], "keys": [], "gender_votes": {}, "titles": set(),
                             "strong": False, "last_full_before": _never})
            return len(clusters) - 1

        def add(ci, f):
            c = clusters[ci]
            c["members"].append(f)
            f["cluster"] = ci
            if _is_full(f["core"]):
                c["full"].append(f)
            for k in _surname_keys(f["core"]):
                if k not in c["keys"]:
                    c["keys"].append(k)
                    by_key.setdefault(k, []).append(ci)
            g = f["gender"] or _first_name_gender(f["core"])
            if g:
                c["gender_votes"][g] = c["gender_votes"].get(g, 0) + 1
            if f["role_noun"]:
                c["titles"].add((f["nationality"], f["role_noun"]))
            if f["role_noun"] or f["honorific"] or f["forced"] or (len(f["core"]) > 1 and f["core"][0] in FIRST_NAMES):
                c["strong"] = True

        # researcher entries matched directly by alias come first
        forced_idx: dict[str, int] = {}
        for f in persons:
            if f["forced"] is not None:
                name = f["forced"].name
                if name not in forced_idx:
                    forced_idx[name] = new(f)
                add(forced_idx[name], f)

        fulls = [f for f in persons if f["forced"] is None and _is_full(f["core"])]
        singles = [f for f in persons if f["forced"] is None and not _is_full(f["core"])]
        for f in fulls:
            keys = _surname_keys(f["core"])
            target = None
            for ci in by_key.get(keys[0], ()):
                c = clusters[ci]
                if not c["full"]:
                    continue
                other = c["full"][0]["core"]
                if _first_names_compatible(f["core"], other):
                    if f["core"][0] == other[0] and _suffix(f["core"]) != _suffix(other):
                        continue  # "Donald Trump Jr." is not "Donald Trump"
                    target = ci
                    break
            if target is None:
                target = new(f)
            add(target, f)
        for c in clusters:  # the full names are all placed; singles only pick among them
            c["last_full_before"] = _last_before(c)
        for f in singles:
            keys = _surname_keys(f["core"])
            w = keys[0] if keys else f["core"][0]
            cands = list(by_key.get(w, ()))
            if _suffix(f["core"]):  # "Trump Jr." is the one with the suffix
                cands = [ci for ci in cands if any(_suffix(x["core"]) == _suffix(f["core"]) for x in clusters[ci]["full"])]
            if not cands:
                ci = new(f)
            elif len(cands) == 1:
                ci = cands[0]
            else:
                ci = self._pick(cands, clusters, f["start"], f["gender"])
            add(ci, f)

        for ci, c in enumerate(clusters):
            c["last_full_before"] = _last_before(c)
            c["gender"] = _vote(c["gender_votes"])
            if c["full"]:
                forms = [_canonical_form(f["core"]) for f in c["full"]]
                c["name"] = max(forms, key=lambda s: (len(s.split()), len(s)))  # max keeps the first of ties
                c["surname"] = _surname_keys(c["full"][0]["core"])[0]
            else:
                c["name"] = c["members"][0]["core"][0]
                c["surname"] = c["name"]
            c["group"] = None
            forced = next((f["forced"] for f in c["members"] if f["forced"] is not None), None)
            if forced is None:
                forms = [c["name"]] + [" ".join(f["core"]) for f in c["members"]] + [f["surface"] for f in c["members"]]
                forced = next((gaz.person_aliases[s] for s in forms if s in gaz.person_aliases), None)
            if forced is not None:
                c["name"], c["group"] = forced.name, forced.group
            elif c["full"]:
                known = next((gaz.known_people[f] for f in [c["name"]] + [_canonical_form(x["core"]) for x in c["full"]]
                              if f in gaz.known_people), None)
                if known is not None:
                    c["name"] = known.name
            elif c["name"] in gaz.known_surnames:
                known, gender = gaz.known_surnames[c["name"]]
                if c["gender"] in (None, gender):
                    c["name"] = known.name
        self.clusters = clusters
        return clusters


def _vote(votes: dict[str, int]) -> str | None:
    """The clear winner of a vote, or None on a tie or no votes."""
    if not votes:
        return None
    top = max(votes.values())
    winners = [g for g, v in votes.items() if v == top]
    return winners[0] if len(winners) == 1 else None


def _never(pos: int) -> int:
    return -1


def _last_before(c):
    starts = sorted(f["start"] for f in c["full"])

    def last(pos):
        i = bisect.bisect_left(starts, pos)
        return starts[i - 1] if i else -1

    return last


def _first_name_gender(core: list[str]) -> str | None:
    if len(core) < 2:
        return None
    first = core[0]
    if first in MALE_NAMES and first not in FEMALE_NAMES:
        return "m"
    if first in FEMALE_NAMES and first not in MALE_NAMES:
        return "f"
    return None


def find_mentions(text: str, gazetteer: Gazetteer | None = None) -> list[dict]:
    """Find the actors named in one article's clean text.

    Parameters
    ----------
    text
        The article's clean text (paragraphs separated by blank lines).
    gazetteer
        Known actors; the built-in gazetteer when None. Use `load_actors_config`
        to add a researcher's actors.

    Returns
    -------
    list of dict
        One dict per mention, in text order and non-overlapping, with keys
        ``start``, ``end`` (character offsets into `text`), ``surface`` (the words
        as written), ``actor`` (canonical name), ``actor_type`` ("person",
        "organization" or "place"), ``role`` (a title such as "Defense
        Secretary", or None) and ``group`` (the researcher's group, or None).
    """
    reader = _Reader(text, gazetteer or default_gazetteer())
    reader.scan()
    return reader.resolve()


def actor_genders(mentions: list[dict]) -> dict[str, str | None]:
    """Each person actor's likely grammatical gender ("m", "f" or None), from honorifics, titles and first names.

    Used to resolve "he said" / "she said" in `framescope.actors.quotes`.
    """
    votes: dict[str, dict[str, int]] = {}
    for m in mentions:
        if m["actor_type"] != "person":
            continue
        v = votes.setdefault(m["actor"], {})
        words = m["surface"].split()
        g = None
        for w in words:
            g = g or HONORIFICS.get(w) or GENDERED_ROLES.get(w.lower())
        if g is None:
            g = _first_name_gender(m["actor"].split())
        if g:
            v[g] = v.get(g, 0) + 1
    return {actor: _vote(v) for actor, v in votes.items()}


# ---------------------------------------------------------------------------
# Corpus names
# ---------------------------------------------------------------------------


def corpus_names(mentions) -> tuple[dict[tuple[str, str], str], "pd.DataFrame"]:
    """One name per person across a corpus, from the ``mentions`` table of all articles.

    Within an article, `find_mentions` already gives each person one name (the fullest
    form the article uses). Across articles:

    - full names that differ only by a nickname ("Joe Biden", "Joseph Biden") are one
      person, named by the form most articles use (ties: the longer, then alphabetical);
      "Donald Trump Jr." stays apart from "Donald Trump";
    - a bare surname ("Okafor", from an article that never gives the first name) takes
      the full name when exactly one full name with that surname occurs in the corpus,
      and stays as it is when there are none or several.

    Organisations and places keep their names (the gazetteer already names them one way).
    Two names of one article are never merged into one (the article knew better).

    Returns
    -------
    (mapping, index)
        ``mapping``: (article_id, article name) -> corpus name, for the names that change.
        ``index``: the ``actors`` table, one row per corpus actor: ``actor``,
        ``actor_type``, ``group``, ``n_articles``, ``n_mentions`` and ``variants`` (the
        article names it gathers, sorted).
    """
    import numpy as np
    import pandas as pd

    # Vectorised over the mentions (a corpus has millions): each column becomes integer codes
    # into its distinct values once, and the work on rows is numpy on those codes. Python
    # loops run only over distinct names, and over the (article, name) pairs that change.
    name_code, names = _factorized(mentions["actor"])
    aid_code, aids = _factorized(mentions["article_id"])
    type_code, types = _factorized(mentions["actor_type"])
    if "group" in mentions.columns:
        group_code, groups = _factorized(mentions["group"])
    else:
        group_code, groups = np.full(len(name_code), -1, dtype=np.int64), []
    has_name = name_code >= 0  # mentions without an actor are left out
    if not has_name.all():
        name_code, aid_code, type_code, group_code = (c[has_name] for c in (name_code, aid_code, type_code, group_code))
    columns = ["actor", "actor_type", "group", "n_articles", "n_mentions", "variants"]
    if not len(name_code):
        return {}, pd.DataFrame([], columns=columns)
    n_names, n_aids = len(names), len(aids) + 1
    # Missing article ids (code -1) count as one article of their own, as a dict key would;
    # code -1 also picks the last entry, False, of these per-value tables.
    aid_code = np.where(aid_code < 0, n_aids - 1, aid_code)
    aid_is_str = np.array([isinstance(a, str) for a in aids] + [False])
    type_is_str = np.array([isinstance(t, str) for t in types] + [False])
    type_is_person = np.array([t == "person" for t in types] + [False])
    group_is_str = np.array([isinstance(g, str) for g in groups] + [False])

    # each article's person names: the distinct (article, name) pairs, as article * n_names + name
    person = type_is_person[type_code]
    pairs = _distinct(aid_code[person] * n_names + name_code[person])
    pair_aid, pair_name = np.divmod(pairs, n_names)
    per_name = np.bincount(pair_name, minlength=n_names)
    n_articles = {names[i]: int(per_name[i]) for i in np.flatnonzero(per_name).tolist()}
    target = _corpus_targets(n_articles)

    # per article, never fold two of its names into one: a pair changes when its name has a
    # target and no other name of the article has the same one
    code_of = {name: i for i, name in enumerate(names)}
    goal = np.arange(n_names)
    for name, best in target.items():
        goal[code_of[name]] = code_of[best]
    real = aid_is_str[pair_aid]
    pairs, pair_aid, pair_name = pairs[real], pair_aid[real], pair_name[real]
    pair_goal = goal[pair_name]
    _, which, count = _grouped(pair_aid * n_names + pair_goal)
    changes = (pair_goal != pair_name) & (count[which] == 1)
    mapping = dict(sorted(((aids[a], names[n]), names[g]) for a, n, g in
                          zip(pair_aid[changes].tolist(), pair_name[changes].tolist(), pair_goal[changes].tolist())))

    # each person mention's corpus name: look its pair up among the (sorted) pairs that change
    corpus = name_code.copy()
    changed, changed_goal = pairs[changes], pair_goal[changes]
    if len(changed):
        keys = aid_code * n_names + name_code
        at = np.minimum(np.searchsorted(changed, keys), len(changed) - 1)
        hit = person & (changed[at] == keys)
        corpus[hit] = changed_goal[at[hit]]
    index = _actors_index(corpus, type_code, aid_code, group_code, name_code, names, types, groups,
                          type_is_str, aid_is_str, group_is_str)
    return mapping, pd.DataFrame(index, columns=columns)


def _factorized(column) -> tuple["np.ndarray", list]:
    """(int64 codes, distinct values as a list) of a column; missing values get code -1."""
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(column)
    return codes.astype(np.int64, copy=False), uniques.tolist()


def _distinct(keys: "np.ndarray") -> "np.ndarray":
    """The distinct values of an integer array, sorted (hashing, then sorting the few left:
    several times faster on millions of keys than `np.unique`)."""
    import numpy as np
    import pandas as pd

    return np.sort(pd.unique(keys))


def _grouped(keys: "np.ndarray") -> tuple["np.ndarray", "np.ndarray", "np.ndarray"]:
    """(distinct keys sorted, each key's position among them, how often each occurs)."""
    import numpy as np
    import pandas as pd

    codes, distinct = pd.factorize(keys, sort=True)
    return np.asarray(distinct), codes, np.bincount(codes, minlength=len(distinct))


def _corpus_targets(n_articles: dict[str, int]) -> dict[str, str]:
    """Person name -> the corpus name it takes, for the names that change (see `corpus_names`).

    ``n_articles``: each person name of the corpus and the number of articles using it.
    """
    full_by_key: dict[str, list[str]] = {}
    singles = []
    for name in sorted(n_articles):
        core = name.split()
        keys = _surname_keys(core)
        if not keys:
            continue
        if _is_full(core):
            full_by_key.setdefault(keys[0], []).append(name)
        elif len(core) == 1:
            singles.append(name)

    target: dict[str, str] = {}
    clusters_by_key: dict[str, list[list[str]]] = {}
    for key, names in full_by_key.items():
        clusters: list[list[str]] = []
        for name in names:
            core = name.split()
            home = None
            for c in clusters:
                other = c[0].split()
                if _suffix(core) == _suffix(other) and core[1:] == other[1:] and \
                        frozenset((core[0], other[0])) in NICKNAMES:
                    home = c
                    break
            if home is None:
                clusters.append([name])
            else:
                home.append(name)
        clusters_by_key[key] = clusters
        for c in clusters:
            best = max(c, key=lambda s: (n_articles[s], len(s.split()), len(s), [-ord(ch) for ch in s]))
            for name in c:
                if name != best:
                    target[name] = best
    for name in singles:
        clusters = clusters_by_key.get(name, [])
        if len(clusters) == 1:
            c = clusters[0]
            target[name] = max(c, key=lambda s: (n_articles[s], len(s.split()), len(s), [-ord(ch) for ch in s]))
    return target


def _actors_index(corpus, type_code, aid_code, group_code, name_code, names, types, groups,
                  type_is_str, aid_is_str, group_is_str) -> list[dict]:
    """The rows of the ``actors`` table, sorted by (actor, actor_type), from per-mention codes.

    One entry per (corpus name, type); mentions without a type are left out. ``n_articles``
    counts the entry's distinct article ids (strings only), ``group`` is the least of its
    groups, ``variants`` the sorted article names it gathers.
    """
    import numpy as np

    typed = type_is_str[type_code]
    if not typed.all():
        corpus, type_code, aid_code, group_code, name_code = (
            c[typed] for c in (corpus, type_code, aid_code, group_code, name_code))
    if not len(corpus):
        return []
    n_types, n_names, n_aids, n_groups = len(types), len(names), len(aid_is_str), len(group_is_str)
    entries, entry, n_mentions = _grouped(corpus * n_types + type_code)
    with_aid = aid_is_str[aid_code]
    n_articles = np.bincount(_distinct(entry[with_aid] * n_aids + aid_code[with_aid]) // n_aids,
                             minlength=len(entries))
    least: dict[int, str] = {}  # entry -> its least group
    with_group = group_is_str[group_code]
    for e, g in zip(*(part.tolist() for part in
                      np.divmod(_distinct(entry[with_group] * n_groups + group_code[with_group]), n_groups))):
        if e not in least or groups[g] < least[e]:
            least[e] = groups[g]
    variants: list[list[str]] = [[] for _ in range(len(entries))]
    for e, n in zip(*(part.tolist() for part in np.divmod(_distinct(entry * n_names + name_code), n_names))):
        variants[e].append(names[n])
    rows = []
    for e, key in enumerate(entries.tolist()):
        c, t = divmod(key, n_types)
        rows.append({"actor": names[c], "actor_type": types[t], "group": least.get(e),
                     "n_articles": int(n_articles[e]), "n_mentions": int(n_mentions[e]),
                     "variants": sorted(variants[e])})
    rows.sort(key=lambda row: (row["actor"], row["actor_type"]))
    return rows
