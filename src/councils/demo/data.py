"""Demo data: realistic and clearly fictional (names and addresses under .example)."""

DOMAIN = "raadsplein.example"
PASSWORD = "raadsplein-demo"
# Base32 TOTP secret for the demo accounts that must use a second factor. Demo only.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

DISTRICTS = [
    # slug, name, region, postcode ranges
    (
        "groot-amsterdam",
        "Districtscliëntenraad Groot-Amsterdam",
        "Amsterdam en omgeving",
        [(1000, 1399)],
    ),
    (
        "noord-holland-noord",
        "Districtscliëntenraad Noord-Holland Noord",
        "Noord-Holland boven het IJ",
        [(1400, 1999)],
    ),
    (
        "haaglanden",
        "Districtscliëntenraad Haaglanden en Leiden",
        "Den Haag, Leiden en omgeving",
        [(2000, 2799)],
    ),
    (
        "rijnmond",
        "Districtscliëntenraad Rijnmond",
        "Rotterdam, Dordrecht en omgeving",
        [(2800, 3299)],
    ),
    (
        "midden-nederland",
        "Districtscliëntenraad Midden-Nederland",
        "Utrecht en Gooi",
        [(3300, 3999)],
    ),
    ("zuidwest", "Districtscliëntenraad Zuidwest", "Zeeland en West-Brabant", [(4200, 4999)]),
    ("brabant", "Districtscliëntenraad Brabant", "Midden- en Oost-Brabant", [(5000, 5999)]),
    ("limburg", "Districtscliëntenraad Limburg", "Limburg", [(6000, 6499)]),
    (
        "gelderland",
        "Districtscliëntenraad Gelderland",
        "Gelderland en Rivierenland",
        [(4000, 4199), (6500, 7099)],
    ),
    ("oost", "Districtscliëntenraad Oost", "Overijssel en Zuid-Drenthe", [(7100, 7999)]),
    ("noord", "Districtscliëntenraad Noord", "Groningen, Friesland en Drenthe", [(8000, 9999)]),
]
CENTRAL = ("centraal", "Centrale Cliëntenraad", "Heel Nederland")

FIRST_NAMES = [
    "Anna",
    "Bram",
    "Carla",
    "Dirk",
    "Esra",
    "Frank",
    "Gerda",
    "Hamid",
    "Ingrid",
    "Jeroen",
    "Karin",
    "Lucas",
    "Marieke",
    "Noor",
    "Otto",
    "Petra",
    "Rachid",
    "Sanne",
    "Tom",
    "Ursula",
    "Vera",
    "Willem",
    "Yasmina",
    "Zoë",
    "Kees",
    "Fatima",
    "Henk",
    "Lotte",
    "Mehmet",
    "Joke",
]
LAST_NAMES = [
    "de Vries",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "Kok",
    "Jacobs",
    "de Haan",
    "Vermeulen",
    "van den Berg",
    "Yilmaz",
    "El Amrani",
    "Schouten",
    "Willems",
    "Hoekstra",
]
BIOS = [
    "Ik kreeg zelf een WW-uitkering. Nu help ik mee om de dienstverlening beter te maken.",
    "Na een lange ziekte kwam ik in de WIA. Ik weet hoe ingewikkeld de regels zijn.",
    "Ik zet me in voor jongeren met een Wajong-uitkering. Zij verdienen goede begeleiding.",
    "Ik werkte jaren in de zorg. In de raad let ik vooral op de bereikbaarheid van UWV.",
]

WORKING_GROUPS = [
    (
        "samenwerking-contact",
        "Samenwerking & Contact",
        "Verbetert de samenwerking tussen de districtsraden en met de Centrale Cliëntenraad.",
    ),
    (
        "promotie",
        "Promotie",
        "Maakt de cliëntenraden bekend bij cliënten en bij medewerkers van UWV.",
    ),
]

ORGANISATIONS = [
    ("Stichting Samen Sterk na Ziekte", "client", None),
    ("Vereniging Werk en Beperking", "disability", None),
    ("Landelijk Netwerk Jonge Uitkeringsgerechtigden", "youth", None),
    ("Bond van Werkzoekenden 50+", "elderly", None),
    ("Vakbond Samen Werkt (fictief)", "union", None),
    ("Platform Chronisch Ziek en Werk", "client", None),
    ("Stichting Doven en Slechthorenden aan het Werk", "disability", None),
    ("Cliëntenplatform Rijnmond", "client", "rijnmond"),
    ("Belangengroep Noord Werkt", "client", "noord"),
    ("Ouderenplatform Limburg", "elderly", "limburg"),
    ("Jongerenraad Brabant Werkt", "youth", "brabant"),
    ("Stichting Mantelzorg en Werk", "other", None),
]
