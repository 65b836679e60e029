"""The known last parts (heads) of Dutch compounds, for ``text.compound_parts``.

A word that ends in one of these, with at least three letters in front, is also found by the
head and by the front part: "cliëntenraad" by "raad" and "cliënt", "privacyverklaring" by
"privacy" and "verklaring", "districtscliëntenraad" by "district" too. The list holds the
common parts of the words in the councils' texts (handbook, signals, meetings, advices); a
compound whose head is not here is found by the whole word only. Add a word here and run
``manage.py search_rebuild``: the index stores the parts, so SQLite and PostgreSQL find the
same. Plural and singular need not both be listed: the parts are compared as Dutch stems."""

from __future__ import annotations

HEADS = frozenset(
    """
    raad raadslid lid leden client klant burger werkgever werknemer vrijwilliger deskundige
    verklaring uitkering integratie keuring herkeuring beoordeling aanvraag aanmelding besluit
    bezwaar beroep brief gesprek contact afspraak gegevens informatie communicatie
    dienst dienstverlening verlening organisatie achterban bescherming toegankelijkheid
    werk groep werkgroep overleg vergadering bijeenkomst dag markt panel bezoek training
    advies voorstel plan aanpak beleid wet regeling verslag boek hoofdstuk programma
    onderzoek kosten vergoeding tijd tijden termijn centrum lijn telefoon service loket
    district manager leiding ziekte ziektewet arbeid ongeschiktheid werkloosheid
    signaal vacature nieuws bericht punt agenda notulen dossier document
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
