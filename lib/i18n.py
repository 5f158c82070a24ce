"""Interface texts in French (the default) and English, in one table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # navigation
    "app_title": ("Stages en participation citoyenne", "Internships in citizen participation"),
    "page_overview": ("Vue d'ensemble", "Overview"),
    "page_map": ("Carte", "Map"),
    "page_compare": ("Comparer", "Compare"),
    "page_data": ("Données", "Data"),
    "page_add": ("Ajouter une offre", "Add an offer"),
    # sidebar
    "filters": ("Filtres", "Filters"),
    "english": ("English", "English"),
    "org_type": ("Type de structure", "Organisation type"),
    "contract": ("Contrat", "Contract"),
    "region": ("Région", "Region"),
    "department": ("Département", "Department"),
    "stipend_range": ("Gratification mensuelle (€)", "Monthly stipend (€)"),
    "duration_range": ("Durée (mois)", "Duration (months)"),
    "start_range": ("Début au plus tôt", "Earliest start"),
    "remote": ("Télétravail", "Remote work"),
    "driving_licence": ("Permis de conduire", "Driving licence"),
    "themes": ("Thèmes", "Themes"),
    "search": ("Rechercher (intitulé, structure)", "Search (title, organisation)"),
    "reset_filters": ("Réinitialiser les filtres", "Reset filters"),
    "all": ("Tous", "All"),
    "match_count": ("**{shown}** offre(s) sur {total} correspondent aux filtres",
                    "**{shown}** of {total} offers match the filters"),
    "range_excludes_unknown": ("Les offres sans {what} connue(s) sont écartées quand ce filtre est resserré.",
                               "Offers with unknown {what} are left out when this filter is narrowed."),
    "uploaded_count": ("dont {n} de votre fichier", "including {n} from your file"),
    # overview
    "overview_intro": (
        "Où est l'argent, combien de temps, où ? Chaque point est une offre ; survolez-le pour le détail, "
        "sélectionnez-en (lasso ou rectangle) pour filtrer le tableau.",
        "Where is the money, for how long, where? Each point is an offer; hover for details, select some "
        "(box or lasso) to narrow the table."),
    "kpi_offers": ("Offres", "Offers"),
    "offers_word": ("offre(s)", "offer(s)"),
    "kpi_median_stipend": ("Gratification médiane", "Median stipend"),
    "kpi_median_stipend_help": (
        "Médiane des montants mensuels bruts connus (indiqués ou estimés au minimum légal), sur {n} offre(s).",
        "Median of the known gross monthly amounts (stated or estimated at the legal minimum), over {n} offers."),
    "kpi_share_minimum": ("Au minimum légal", "At the legal minimum"),
    "kpi_share_minimum_help": (
        "Part des offres dont la gratification est la gratification légale (dite ou égale au minimum), "
        "parmi les {n} stages dont la gratification est connue.",
        "Share of offers paid the legal minimum (stated as such, or equal to it), among the {n} internships "
        "whose stipend is known."),
    "kpi_median_duration": ("Durée médiane", "Median duration"),
    "kpi_none": ("—", "—"),
    "chart_stipend_duration_title": ("Gratification mensuelle selon la durée du stage",
                                     "Monthly stipend by internship duration"),
    "axis_duration_months_compact": ("Durée (mois, milieu de la fourchette)", "Duration (months, middle of the range)"),
    "axis_duration_months": ("Durée (mois)", "Duration (months)"),
    "legal_minimum_line": ("Minimum légal (35 h)", "Legal minimum (35 h)"),
    "status_estimated": ("estimé au minimum légal", "estimated at the legal minimum"),
    "status_lower_bound": ("au moins le minimum légal", "at least the legal minimum"),
    "status_computed": ("calculé depuis le taux horaire", "from the hourly rate"),
    "month_short": ("mois", "month"),
    "chart_legend_markers": (
        "● montant indiqué dans l'offre · ○ estimé au minimum légal de l'année (35 h/semaine, 52/12 semaines "
        "par mois) · △ « supérieure au minimum » (borne basse) · barre : de la durée minimale à la maximale · "
        "offres de même durée et même montant côte à côte",
        "● amount stated in the offer · ○ estimated at the year's legal minimum (35 h/week, 52/12 weeks a "
        "month) · △ 'above the minimum' (lower bound) · bar: from shortest to longest duration · offers of the "
        "same duration and amount side by side"),
    "not_plotted": ("{n} offre(s) sans gratification ou sans durée connue ne figurent pas sur ce graphique.",
                    "{n} offers with no known stipend or duration are not on this chart."),
    "selected_points": ("{n} offre(s) sélectionnée(s) sur le graphique.", "{n} offers selected on the chart."),
    "chart_stipend_by_type_title": ("Gratification mensuelle par type de structure",
                                    "Monthly stipend by organisation type"),
    "chart_regions_title": ("Offres par région", "Offers by region"),
    "axis_offer_count": ("Nombre d'offres", "Number of offers"),
    "chart_start_title": ("Mois de début au plus tôt", "Month of earliest start"),
    "axis_start_month": ("Mois de début", "Start month"),
    "summary_nothing": ("Aucune offre à montrer sur ce graphique.", "No offer to show on this chart."),
    "summary_stipend_duration": ("En résumé : {offers}, de {low} à {high} par mois (médiane {median}), pour des "
                                 "durées de {shortest} à {longest} mois.",
                                 "In short: {offers}, from {low} to {high} a month (median {median}), lasting "
                                 "{shortest} to {longest} months."),
    "summary_by_type": ("En résumé, gratification médiane par type : {parts}.",
                        "In short, median stipend by type: {parts}."),
    "summary_regions": ("En résumé : {parts}.", "In short: {parts}."),
    "summary_other_region": (" et une autre région ({offers})", " and one other region ({offers})"),
    "summary_other_regions": (" et {n} autres régions ({offers})", " and {n} other regions ({offers})"),
    "summary_start": ("En résumé : {offers} ont une date de début, de {first} à {last} ; le mois le plus "
                      "chargé est {busiest} ({n}).",
                      "In short: {offers} have a start date, from {first} to {last}; the busiest month is "
                      "{busiest} ({n})."),
    "axis_stipend_short": ("Gratification brute (€/mois)", "Gross stipend (€/month)"),
    "no_offers": ("Aucune offre ne correspond aux filtres : élargissez-les dans la barre latérale.",
                  "No offer matches the filters: widen them in the sidebar."),
    # map
    "map_intro": ("Touchez ou cliquez un point pour afficher la fiche de l'offre, à côté de la carte (au-dessous "
                  "sur un téléphone), ou choisissez l'offre dans la liste sous la carte. Les cercles en "
                  "pointillés sont placés approximativement (au chef-lieu du département).",
                  "Tap or click a point to see the offer's card beside the map (below it on a phone), or pick "
                  "the offer from the list under the map. Dashed circles are placed approximately (at the "
                  "department's main town)."),
    "map_gesture_touch": ("Utilisez deux doigts pour déplacer la carte", "Use two fingers to move the map"),
    "map_gesture_scroll": ("Maintenez Ctrl et tournez la molette pour zoomer",
                           "Hold Ctrl and scroll to zoom the map"),
    "map_gesture_scroll_mac": ("Maintenez ⌘ et tournez la molette pour zoomer", "Hold ⌘ and scroll to zoom the map"),
    "map_pick": ("Ou choisissez une offre de la carte", "Or pick an offer on the map"),
    "map_pick_placeholder": ("Offre (tapez pour chercher)", "Offer (type to search)"),
    "map_pick_first": ("La liste donne les {shown} premières des {n} offres placées sur la carte ; les filtres "
                       "la resserrent.", "The list holds the first {shown} of the {n} offers on the map; the "
                       "filters narrow it."),
    "map_caption": ("Carte des offres filtrées, colorées par type de structure", "Map of the filtered offers, "
                    "coloured by organisation type"),
    "map_not_located": ("{n} offre(s) sans lieu connu ne sont pas sur la carte.",
                        "{n} offers with no known place are not on the map."),
    "map_click_hint": ("Cliquez sur un point de la carte pour voir sa fiche.",
                       "Click a point on the map to see its card."),
    "legend": ("Légende", "Legend"),
    "approximate": ("lieu approximatif", "approximate place"),
    # card / compare
    "stipend": ("Gratification", "Stipend"),
    "stipend_monthly": ("Gratification mensuelle brute", "Gross monthly stipend"),
    "stipend_total": ("Total sur la durée", "Total over the duration"),
    "duration": ("Durée", "Duration"),
    "start": ("Début", "Start"),
    "deadline": ("Date limite de candidature", "Application deadline"),
    "hours": ("Heures par semaine", "Hours per week"),
    "evening_weekend": ("Soirs et week-ends", "Evenings and weekends"),
    "perks": ("Avantages", "Perks"),
    "level": ("Niveau d'études", "Study level"),
    "place": ("Lieu", "Place"),
    "organisation": ("Structure", "Organisation"),
    "title": ("Intitulé", "Title"),
    "source": ("Source", "Source"),
    "notes": ("Notes de curation", "Curation notes"),
    "link": ("Annonce", "Posting"),
    "compare_intro": ("Choisissez de 2 à 4 offres : chaque condition sur une ligne, la meilleure valeur de chaque "
                      "ligne surlignée.", "Pick 2 to 4 offers: one condition per row, the best value of each row "
                      "highlighted."),
    "compare_first_choices": ("La liste propose les {shown} premières des {n} offres filtrées : précisez la "
                              "recherche ou les filtres du panneau latéral pour trouver les autres.",
                              "The list offers the first {shown} of the {n} filtered offers: narrow the search or "
                              "the filters in the sidebar to find the others."),
    "compare_pick": ("Offres à comparer", "Offers to compare"),
    "compare_need_two": ("Choisissez au moins deux offres.", "Pick at least two offers."),
    "compare_city": ("Distance depuis la ville…", "Distance from the city…"),
    "compare_city_help": ("Nom de commune ou code postal (ex. Lille, 59000).",
                          "Municipality name or postcode (e.g. Lille, 59000)."),
    "compare_city_unknown": ("Ville introuvable : « {city} ». Essayez un code postal.",
                             "City not found: '{city}'. Try a postcode."),
    "compare_city_found": ("Distances à vol d'oiseau depuis {city}.", "As-the-crow-flies distances from {city}."),
    "distance": ("Distance depuis {city}", "Distance from {city}"),
    "compare_condition": ("Condition", "Condition"),
    "best_legend": ("Surlignée et en gras : la meilleure valeur de la ligne.",
                    "Highlighted in bold: the best value of the row."),
    # data
    "data_intro": ("Le tableau des offres filtrées, à télécharger ; le dictionnaire des données ; et votre propre "
                   "fichier à ajouter pour la session.", "The filtered offers, to download; the data dictionary; "
                   "and your own file to add for the session."),
    "download_csv": ("Télécharger les offres filtrées (CSV)", "Download the filtered offers (CSV)"),
    "upload": ("Ajouter votre fichier CSV (même format)", "Add your CSV file (same format)"),
    "upload_help": ("CSV (.csv ou .txt) de {limit} Mo au plus, séparé par des virgules ou des points-virgules, "
                    "UTF-8 ou Windows-1252, avec les colonnes du dictionnaire ci-dessous.",
                    "CSV (.csv or .txt) of at most {limit} MB, comma- or semicolon-separated, UTF-8 or "
                    "Windows-1252, with the columns of the dictionary below."),
    "upload_ok": ("{valid} offre(s) de « {name} » ajoutée(s) pour cette session.",
                  "{valid} offers from '{name}' added for this session."),
    "upload_rejected": ("{n} ligne(s) rejetée(s) : voir le rapport ci-dessous.", "{n} rows rejected: see the report "
                        "below."),
    "upload_unreadable": ("Fichier illisible : {reason}", "Unreadable file: {reason}"),
    "upload_remove": ("Retirer le fichier ajouté", "Remove the added file"),
    "report": ("Rapport de validation", "Validation report"),
    "dictionary": ("Dictionnaire des données", "Data dictionary"),
    "sources": ("D'où vient chaque offre", "Where each offer comes from"),
    "bundled_invalid": ("Le fichier de données contient des lignes invalides, écartées : {n}.",
                        "The data file has invalid rows, left out: {n}."),
    "bundled_unreadable": ("Le fichier de données « {path} » est illisible : {reason}",
                           "The data file '{path}' cannot be read: {reason}"),
    # at scale (issue 6)
    "offer_one": ("offre", "offer"),
    "offer_many": ("offres", "offers"),
    "map_compact": ("{n} offres : au-delà de {threshold}, chaque cercle regroupe les offres d'un même lieu et d'un "
                    "même type de structure (leur nombre est dans l'infobulle et sur les grappes). Cliquez sur un "
                    "cercle pour lister ses offres.",
                    "{n} offers: beyond {threshold}, each circle groups the offers of one place and one organisation "
                    "type (their number is in the tooltip and on the clusters). Click a circle to list its offers."),
    "map_cards_more": ("{n} offres à cet endroit : les {shown} premières en fiches, toutes dans le tableau.",
                       "{n} offers at this place: the first {shown} as cards, all of them in the table."),
    "chart_compact": ("{n} offres : au-delà de {threshold}, les offres de même type, même durée et même montant "
                      "(à 25 € près) forment un seul point, d'autant plus grand qu'elles sont nombreuses "
                      "(l'infobulle donne leur nombre) ; sélectionnez des points pour voir leurs offres dans le "
                      "tableau.",
                      "{n} offers: beyond {threshold}, offers of the same type, duration and amount (within 25 €) "
                      "are one point, larger the more they are (the tooltip gives their number); select points to "
                      "see their offers in the table."),
    "table_first_rows": ("Le tableau montre les {shown} premières offres sur {n} ; la page Données permet de les "
                         "télécharger toutes.",
                         "The table shows the first {shown} of {n} offers; the Data page lets you download them all."),
    "table_first_rows_download": ("Les tableaux montrent les {shown} premières offres sur {n} ; le bouton "
                                  "« Télécharger les offres filtrées (CSV) » les donne toutes.",
                                  "The tables show the first {shown} of {n} offers; the « Download the filtered "
                                  "offers (CSV) » button gives them all."),
}


def t(key: str, lang: str = "fr", **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled."""
    french, english = TEXTS[key]
    text = english if lang == "en" else french
    return text.format(**values) if values else text
