"""Interface texts in French (the default) and English, in one table; texts that depend on a count
in a second one, whose form is chosen by CLDR's plural rules through babel (French: 0 and 1 take
the singular, « 0 offre » ; English: only 1 does)."""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale
from babel.numbers import format_decimal

LOCALES = {"fr": "fr_FR", "en": "en_GB"}

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
    "stipend_level": ("Gratification et minimum légal", "Stipend and legal minimum"),
    "range_excludes_unknown": ("Un intervalle resserré écarte les offres dont la valeur est inconnue.",
                               "A narrowed range leaves out the offers whose value is unknown."),
    "upload_no_offer": ("Rien n'a été ajouté depuis « {name} » : il ne contient aucune offre lisible.",
                        "Nothing was added from '{name}': it holds no readable offer."),
    "upload_not_combined": ("Les offres de votre fichier n'ont pas pu être ajoutées ({reason}) : seules les offres "
                            "du tableau de bord sont affichées. Retirez le fichier sur la page Données.",
                            "The offers of your file could not be added ({reason}): only the dashboard's offers "
                            "are shown. Remove the file on the Data page."),
    "uploaded_count": ("dont {n} de votre fichier", "including {n} from your file"),
    "collection_count": ("dont {n} de la collection", "including {n} from the collection"),
    "collection_unavailable": ("La collection partagée est indisponible ({reason}) : seules les offres du fichier "
                               "de référence sont affichées.", "The shared collection is unavailable ({reason}): only "
                               "the offers of the reference file are shown."),
    "dataset": ("Origine", "Origin"),
    "card_from_collection": ("Offre publiée dans la collection partagée", "Offer published in the shared collection"),
    # overview
    "overview_intro": (
        "Où est l'argent, combien de temps, où ? Chaque point est une offre ; survolez-le ou touchez-le pour le "
        "détail, sélectionnez-en (lasso ou rectangle) pour filtrer le tableau.",
        "Where is the money, for how long, where? Each point is an offer; hover over or tap it for details, select "
        "some (box or lasso) to narrow the table."),
    "kpi_offers": ("Offres", "Offers"),
    "kpi_offers_help": (
        "Offres distinctes : une offre publiée deux fois compte une fois ({postings} en tout, dont {republished}).",
        "Distinct offers: an offer posted twice counts once ({postings} in all, including {republished})."),
    "kpi_median_stipend": ("Gratification médiane", "Median stipend"),
    "kpi_share_minimum": ("Au minimum légal", "At the legal minimum"),
    "kpi_share_minimum_help": (
        "Part des stages payés au minimum légal : l'offre le dit (« gratification légale », « selon la "
        "réglementation en vigueur »…) ou indique un montant égal au minimum. Parmi les {n} stages dont la "
        "gratification est connue ou bornée ; « indemnisé » sans montant et « supérieure au minimum » n'y "
        "comptent pas.",
        "Share of internships paid the legal minimum: the offer says so ('gratification légale', 'according to "
        "the regulations'…) or states an amount equal to it. Among the {n} internships whose stipend is known or "
        "bounded; 'paid' with no amount and 'above the minimum' do not count."),
    "kpi_median_duration": ("Durée médiane", "Median duration"),
    "kpi_none": ("—", "—"),
    "chart_stipend_duration_title": ("Gratification mensuelle selon la durée du stage",
                                     "Monthly stipend by internship duration"),
    "axis_duration_months_compact": ("Durée (mois, milieu de la fourchette)", "Duration (months, middle of the range)"),
    "axis_duration_months": ("Durée (mois)", "Duration (months)"),
    "axis_monthly_amount": ("Montant mensuel (€) : brut, ◆ net", "Monthly amount (€): gross, ◆ net"),
    "legal_minimum_line": ("Minimum légal des stages (35 h)", "Internships' legal minimum (35 h)"),
    "civic_service_legend": ("Service civique : indemnité nette", "Civic service: net allowance"),
    "civic_service_hover": ("Service civique : indemnité nette (État et structure), pas une gratification",
                            "Civic service: net allowance (State and host), not a stipend"),
    "status_civic": ("indemnité nette de service civique", "net civic-service allowance"),
    "stipend_monthly_civic": ("Indemnité mensuelle nette (service civique)", "Net monthly allowance (civic service)"),
    "status_estimated": ("estimé au minimum légal", "estimated at the legal minimum"),
    "status_lower_bound": ("au moins le minimum légal", "at least the legal minimum"),
    "status_computed": ("calculé depuis le taux horaire", "from the hourly rate"),
    "month_short": ("mois", "month"),
    "chart_legend_markers": (
        "● montant indiqué dans l'offre · ○ estimé au minimum légal de l'année (heures indiquées, sinon "
        "35 h/semaine ; 52/12 semaines par mois) · △ au moins le minimum légal : « supérieure au minimum », ou "
        "« indemnisé » sans montant · ◆ service civique : indemnité nette, pas une gratification · barre : de la "
        "durée minimale à la maximale · offres de même durée et même montant côte à côte",
        "● amount stated in the offer · ○ estimated at the year's legal minimum (the hours stated, else "
        "35 h/week; 52/12 weeks a month) · △ at least the legal minimum: 'above the minimum', or 'paid' with no "
        "amount · ◆ civic service: net allowance, not a stipend · bar: from shortest to longest duration · offers "
        "of the same duration and amount side by side"),
    "chart_stipend_by_type_title": ("Gratification mensuelle des stages par type de structure",
                                    "Internships' monthly stipend by organisation type"),
    "chart_regions_title": ("Offres par région", "Offers by region"),
    "axis_offer_count": ("Nombre d'offres", "Number of offers"),
    "chart_start_title": ("Mois de début au plus tôt", "Month of earliest start"),
    "axis_start_month": ("Mois de début", "Start month"),
    "summary_nothing": ("Aucune offre à montrer sur ce graphique.", "No offer to show on this chart."),
    "summary_stipend_duration": ("En résumé : {offers}, {amounts}, {durations}.",
                                 "In short: {offers}, {amounts}, {durations}."),
    "summary_amount_range": ("de {low} à {high} par mois (médiane {median})",
                             "from {low} to {high} a month (median {median})"),
    "summary_amount_same": ("toutes à {amount} par mois", "all at {amount} a month"),
    "summary_amount_one": ("à {amount} par mois", "at {amount} a month"),
    "summary_duration_range": ("pour des durées de {shortest} à {longest} mois",
                               "lasting {shortest} to {longest} months"),
    "summary_duration_same": ("toutes d'une durée de {months}", "all lasting {months}"),
    "summary_duration_one": ("d'une durée de {months}", "lasting {months}"),
    "summary_by_type": ("En résumé, gratification médiane par type : {parts}.",
                        "In short, median stipend by type: {parts}."),
    "summary_regions": ("En résumé : {parts}.", "In short: {parts}."),
    "summary_other_region": (" et une autre région ({offers})", " and one other region ({offers})"),
    "summary_other_regions": (" et {n} autres régions ({offers})", " and {n} other regions ({offers})"),
    "summary_start": ("En résumé : {offers} ont une date de début, de {first} à {last} ; {busiest}.",
                      "In short: {offers} have a start date, from {first} to {last}; {busiest}."),
    "summary_start_same": ("En résumé : {offers} ont une date de début, toutes en {month}.",
                           "In short: {offers} have a start date, all in {month}."),
    "summary_start_one": ("En résumé : {offers} a une date de début, en {month}.",
                          "In short: {offers} has a start date, in {month}."),
    "summary_busiest_one": ("le mois le plus chargé est {month} ({n})", "the busiest month is {month} ({n})"),
    "summary_busiest_tied": ("les mois les plus chargés sont {months} ({n} chacun)",
                             "the busiest months are {months} ({n} each)"),
    "summary_busiest_many": ("{k} mois sont à égalité, avec {n} chacun", "{k} months tie, with {n} each"),
    "list_and": (" et ", " and "),
    "axis_stipend_short": ("Gratification brute (€/mois)", "Gross stipend (€/month)"),
    "chart_no_offer": ("Aucune offre à montrer", "No offer to show"),
    "chart_no_start": ("Aucune date de début connue pour ces offres", "No start date known for these offers"),
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
    "map_click_hint": ("Cliquez sur un point de la carte pour voir sa fiche.",
                       "Click a point on the map to see its card."),
    "map_fallback": ("La carte ne s'affiche pas ? Choisissez l'offre dans la liste ci-dessous.",
                     "Map not showing? Pick the offer from the list below."),
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
    "republication": ("Même offre publiée deux fois", "Same offer posted twice"),
    "republication_of": ("republie « {offer} »", "reposts '{offer}'"),
    "republished_as": ("publiée de nouveau : « {offer} »", "posted again: '{offer}'"),
    "evening_weekend": ("Soirs et week-ends", "Evenings and weekends"),
    "perks": ("Avantages", "Perks"),
    "level": ("Niveau d'études", "Study level"),
    "place": ("Lieu", "Place"),
    "organisation": ("Structure", "Organisation"),
    "title": ("Intitulé", "Title"),
    "source": ("Source", "Source"),
    "notes": ("Notes de curation", "Curation notes"),
    "link": ("Annonce", "Posting"),
    "open_link": ("ouvrir", "open"),
    "offer_id": ("Identifiant", "Id"),
    "stipend_status": ("Origine du montant", "Where the amount comes from"),
    "compare_intro": ("Choisissez de 2 à 4 offres : chaque condition sur une ligne, la meilleure valeur de chaque "
                      "ligne surlignée.", "Pick 2 to 4 offers: one condition per row, the best value of each row "
                      "highlighted."),
    "compare_first_choices": ("La liste propose les {shown} premières des {n} offres filtrées : précisez la "
                              "recherche ou les filtres du panneau latéral pour trouver les autres.",
                              "The list offers the first {shown} of the {n} filtered offers: narrow the search or "
                              "the filters in the sidebar to find the others."),
    "compare_pick": ("Offres à comparer", "Offers to compare"),
    "report_written_out": ("Les premiers problèmes, en toutes lettres :", "The first problems, written out:"),
    "monthly_no_year": ("— (minimum légal, année de l'annonce inconnue)",
                        "— (legal minimum, the posting's year unknown)"),
    "compare_need_two": ("Choisissez au moins deux offres.", "Pick at least two offers."),
    "compare_widen": ("Les filtres n'en gardent qu'une : élargissez-les dans la barre latérale.",
                      "The filters keep only one: widen them in the sidebar."),
    "compare_city": ("Distance depuis la ville…", "Distance from the city…"),
    "compare_city_help": ("Nom de commune ou code postal (ex. Lille, 59000).",
                          "Municipality name or postcode (e.g. Lille, 59000)."),
    "compare_city_unknown": ("Ville introuvable : « {city} ». Essayez un code postal.",
                             "City not found: '{city}'. Try a postcode."),
    "compare_city_choose": ("{n} communes portent ce nom ou ce code postal : laquelle ? (la plus peuplée d'abord, "
                            "mais une commune de métropole avant une d'outre-mer moins de dix fois plus peuplée)",
                            "{n} municipalities have this name or postcode: which one? (most populous first, but "
                            "one in mainland France before an overseas one less than ten times as populous)"),
    "compare_city_online": ("Chercher ce lieu en ligne (OpenStreetMap)", "Look this place up online (OpenStreetMap)"),
    "compare_city_not_online": ("Introuvable en ligne aussi.", "Not found online either."),
    "compare_city_unreachable": ("Service de recherche en ligne injoignable : réessayez plus tard.",
                                 "The online search service cannot be reached: try again later."),
    "compare_city_found": ("Distances à vol d'oiseau depuis {city}.", "As-the-crow-flies distances from {city}."),
    "compare_city_others": ("Autres communes de ce nom : {others} ; choisissez-en une dans la liste ci-dessus.",
                            "Other municipalities of this name: {others}; pick one in the list above."),
    "distance": ("Distance depuis {city}", "Distance from {city}"),
    "best_legend": (
        "Surligné et en gras : la meilleure valeur de la ligne, quand elle l'est à coup sûr. La gratification "
        "se compare à son écart au minimum légal de son année (le minimum de 2023 ne vaut pas mieux que celui "
        "de 2022), entre stages ou entre services civiques ; le total sur la durée, entre offres du même "
        "contrat et de la même année ; les avantages, seulement quand une offre a tous ceux des autres, et plus.",
        "Highlighted in bold: the best value of the row, where it certainly is. A stipend is compared by how "
        "far it is above the legal minimum of its own year (the 2023 minimum is no better than 2022's), between "
        "internships or between civic services; the total over the duration, between offers of one contract "
        "and one year; perks, only when one offer has all the others' and more."),
    "compare_unknown_legend": (
        "« — » : valeur inconnue, l'annonce ne la précise pas (renseignez-vous auprès de la structure). "
        "Une ligne où une offre a une valeur inconnue n'a pas de meilleure valeur surlignée : l'inconnue "
        "pourrait être la meilleure.",
        "“—”: unknown value, the posting does not state it (ask the organisation). A row where an offer's "
        "value is unknown has no best value highlighted: the unknown one might be the best."),
    "compare_condition": ("Condition", "Condition"),
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
    "upload_unreadable": ("Fichier illisible : {reason}", "Unreadable file: {reason}"),
    "upload_remove": ("Retirer le fichier ajouté", "Remove the added file"),
    "upload_refused": ("Fichier « {name} » refusé : {reason}.", "File “{name}” refused: {reason}."),
    "upload_released": ("Votre fichier « {name} » n'est plus en mémoire (la session a été interrompue) : "
                        "ajoutez-le de nouveau.",
                        "Your file “{name}” is no longer held (the session was interrupted): add it again."),
    "upload_show_failed": ("Le fichier « {name} » n'a pas pu être affiché : retirez-le, et signalez le problème.",
                           "The file “{name}” could not be shown: remove it, and report the problem."),
    "report": ("Rapport de validation", "Validation report"),
    "dictionary": ("Dictionnaire des données", "Data dictionary"),
    "sources": ("D'où vient chaque offre", "Where each offer comes from"),
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
                                  "The tables show the first {shown} of {n} offers; the “Download the filtered "
                                  "offers (CSV)” button gives them all."),
}


# key -> (French forms, English forms), each {CLDR plural category: text}; "other" is required.
# ``{n}`` is the count, written the language's way; other placeholders are the caller's.
PLURALS: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "match_count": (
        {"one": "**{n}** offre sur {total} correspond aux filtres",
         "other": "**{n}** offres sur {total} correspondent aux filtres"},
        {"other": "**{n}** of {total} offers match the filters"}),
    "offers_count": ({"one": "{n} offre", "other": "{n} offres"}, {"one": "{n} offer", "other": "{n} offers"}),
    "kpi_median_stipend_help": (
        {"one": "Médiane des gratifications mensuelles brutes des stages (indiquées, ou estimées au minimum légal, "
                "bornes basses comprises), sur {n} stage. Les services civiques n'y sont pas : leur montant est une "
                "indemnité nette, pas une gratification. Une offre publiée deux fois compte une fois.",
         "other": "Médiane des gratifications mensuelles brutes des stages (indiquées, ou estimées au minimum légal, "
                  "bornes basses comprises), sur {n} stages. Les services civiques n'y sont pas : leur montant est "
                  "une indemnité nette, pas une gratification. Une offre publiée deux fois compte une fois."},
        {"one": "Median of the internships' gross monthly stipends (stated, or estimated at the legal minimum, lower "
                "bounds included), over {n} internship. Civic services are left out: their amount is a net "
                "allowance, not a stipend. An offer posted twice counts once.",
         "other": "Median of the internships' gross monthly stipends (stated, or estimated at the legal minimum, "
                  "lower bounds included), over {n} internships. Civic services are left out: their amount is a net "
                  "allowance, not a stipend. An offer posted twice counts once."}),
    "postings_count": ({"one": "{n} annonce", "other": "{n} annonces"},
                       {"one": "{n} posting", "other": "{n} postings"}),
    "reposts_count": ({"one": "{n} republication", "other": "{n} republications"},
                      {"one": "{n} repost", "other": "{n} reposts"}),
    "not_plotted": (
        {"one": "{n} offre sans gratification ou sans durée connue ne figure pas sur ce graphique.",
         "other": "{n} offres sans gratification ou sans durée connue ne figurent pas sur ce graphique."},
        {"one": "{n} offer with no known stipend or duration is not on this chart.",
         "other": "{n} offers with no known stipend or duration are not on this chart."}),
    "selected_points": (
        {"one": "{n} offre sélectionnée sur le graphique.", "other": "{n} offres sélectionnées sur le graphique."},
        {"one": "{n} offer selected on the chart.", "other": "{n} offers selected on the chart."}),
    "map_not_located": (
        {"one": "{n} offre sans lieu connu n'est pas sur la carte.",
         "other": "{n} offres sans lieu connu ne sont pas sur la carte."},
        {"one": "{n} offer with no known place is not on the map.",
         "other": "{n} offers with no known place are not on the map."}),
    "upload_ok": (
        {"one": "{n} offre de « {name} » ajoutée pour cette session.",
         "other": "{n} offres de « {name} » ajoutées pour cette session."},
        {"one": "{n} offer from '{name}' added for this session.",
         "other": "{n} offers from '{name}' added for this session."}),
    # Nothing added from the file: why (an info, not a success).
    "upload_nothing_new": (
        {"one": "Rien n'a été ajouté depuis « {name} » : son offre est déjà dans le tableau de bord, identique.",
         "other": "Rien n'a été ajouté depuis « {name} » : ses {n} offres sont déjà toutes dans le tableau de "
                  "bord, identiques."},
        {"one": "Nothing was added from '{name}': its offer is already in the dashboard, unchanged.",
         "other": "Nothing was added from '{name}': all its {n} offers are already in the dashboard, unchanged."}),
    "upload_rejected": (
        {"one": "{n} ligne rejetée : voir le rapport ci-dessous.",
         "other": "{n} lignes rejetées : voir le rapport ci-dessous."},
        {"one": "{n} row rejected: see the report below.", "other": "{n} rows rejected: see the report below."}),
    "upload_already_there": (
        {"one": "{n} offre du fichier est déjà dans le tableau de bord, identique : elle n'est pas ajoutée une "
                "seconde fois ({ids}).",
         "other": "{n} offres du fichier sont déjà dans le tableau de bord, identiques : elles ne sont pas ajoutées "
                  "une seconde fois ({ids})."},
        {"one": "{n} offer of the file is already in the dashboard, unchanged: it is not added twice ({ids}).",
         "other": "{n} offers of the file are already in the dashboard, unchanged: they are not added twice "
                  "({ids})."}),
    "upload_renamed": (
        {"one": "{n} identifiant déjà pris par une autre offre, renommé pour cette session : {ids}.",
         "other": "{n} identifiants déjà pris par d'autres offres, renommés pour cette session : {ids}."},
        {"one": "{n} id already taken by another offer, renamed for this session: {ids}.",
         "other": "{n} ids already taken by other offers, renamed for this session: {ids}."}),
    "bundled_invalid": (
        {"one": "Le fichier de données contient {n} ligne invalide, écartée.",
         "other": "Le fichier de données contient {n} lignes invalides, écartées."},
        {"one": "The data file has {n} invalid row, left out.", "other": "The data file has {n} invalid rows, "
                                                                         "left out."}),
    "report_summary": (
        {"one": "{n} problème : {errors}, {warnings}.", "other": "{n} problèmes : {errors}, {warnings}."},
        {"one": "{n} problem: {errors}, {warnings}.", "other": "{n} problems: {errors}, {warnings}."}),
    "computed_columns_set_aside": (
        {"one": "{n} colonne calculée par le tableau de bord (téléchargement de la page Données) : mise de côté, "
                "elle est recalculée à partir des autres",
         "other": "{n} colonnes calculées par le tableau de bord (téléchargement de la page Données) : mises de "
                  "côté, elles sont recalculées à partir des autres"},
        {"one": "{n} column computed by the dashboard (the Data page's download): set aside, it is computed again "
                "from the others",
         "other": "{n} columns computed by the dashboard (the Data page's download): set aside, they are computed "
                  "again from the others"}),
    "valid_offers": ({"one": "{n} offre valide", "other": "{n} offres valides"},
                     {"one": "{n} valid offer", "other": "{n} valid offers"}),
    "rows_read": ({"one": "{n} ligne lue", "other": "{n} lignes lues"},
                  {"one": "{n} row read", "other": "{n} rows read"}),
    "geocoded_count": ({"one": "{n} offre géolocalisée", "other": "{n} offres géolocalisées"},
                       {"one": "{n} offer geocoded", "other": "{n} offers geocoded"}),
    "requests_count": ({"one": "{n} requête", "other": "{n} requêtes"},
                       {"one": "{n} request", "other": "{n} requests"}),
    "rejected_count": ({"one": "{n} rejetée", "other": "{n} rejetées"}, {"other": "{n} rejected"}),
    "months_count": ({"other": "{n} mois"}, {"one": "{n} month", "other": "{n} months"}),
    "errors_count": ({"one": "{n} erreur", "other": "{n} erreurs"}, {"one": "{n} error", "other": "{n} errors"}),
    "collection_invalid": (
        {"one": "{n} offre publiée ne respecte plus le contrat des données et n'est pas affichée : un curateur peut "
                "la corriger sur la page Collection.",
         "other": "{n} offres publiées ne respectent plus le contrat des données et ne sont pas affichées : un "
                  "curateur peut les corriger sur la page Collection."},
        {"one": "{n} published offer no longer meets the data contract and is not shown: a curator can correct it "
                "on the Collection page.",
         "other": "{n} published offers no longer meet the data contract and are not shown: a curator can correct "
                  "them on the Collection page."}),
    "warnings_count": ({"one": "{n} avertissement", "other": "{n} avertissements"},
                       {"one": "{n} warning", "other": "{n} warnings"}),
    "status_closes_in": ({"one": "clôture dans {n} jour", "other": "clôture dans {n} jours"},
                         {"one": "closes in {n} day", "other": "closes in {n} days"}),
    "shortlist_count": ({"one": "{n} offre retenue", "other": "{n} offres retenues"},
                        {"one": "{n} offer kept", "other": "{n} offers kept"}),
}


def t(key: str, lang: str = "fr", **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled."""
    french, english = TEXTS[key]
    text = english if lang == "en" else french
    return text.format(**values) if values else text


# The collection, its pages and the add-offer page (issue 13). Counted texts are written
# « Offres publiées : 3 » so that no plural form is needed.
COLLECTION_TEXTS: dict[str, tuple[str, str]] = {
    "page_collection": ("Collection", "Collection"),
    # roles
    "role_local_curator": ("Vous êtes curateur : le tableau de bord tourne sur cette machine (`make run`) sans "
                           "secrets configurés. Depuis une autre machine, on est visiteur.",
                           "You are a curator: the dashboard runs on this machine (`make run`) with no secrets "
                           "configured. From another machine, people are visitors."),
    "role_curator": ("Connecté comme curateur : {name}.", "Signed in as a curator: {name}."),
    "role_visitor": ("Vous êtes visiteur : les offres que vous envoyez sont des suggestions, publiées seulement "
                     "après relecture par un curateur. Personne d'autre ne les voit avant.",
                     "You are a visitor: the offers you send are suggestions, published only after a curator "
                     "reviews them. Nobody else sees them before."),
    "role_local_refused": ("Le tableau de bord tourne avec le curateur local (`make run`), qui n'existe que pour un "
                           "navigateur ouvert sur la même machine : ce navigateur se connecte depuis une autre "
                           "machine, il est donc visiteur. Pour publier depuis ici, configurez un mot de passe de "
                           "curateur (voir le README).",
                           "The dashboard runs with the local curator (`make run`), who exists only for a browser "
                           "opened on the same machine: this browser connects from another machine, so it is a "
                           "visitor. To publish from here, set a curators' password (see the README)."),
    "role_nobody": ("Aucun curateur n'est encore désigné sur ce déploiement : vos suggestions sont gardées et seront "
                    "relues, avant toute publication, dès qu'un curateur le sera.",
                    "No curator is named on this deployment yet: your suggestions are kept, and will be reviewed "
                    "before any publication as soon as one is."),
    "role_nobody_setup_title": ("Pour l'équipe qui déploie ce tableau de bord",
                                "For the team deploying this dashboard"),
    "role_nobody_setup": ("Pour désigner des curateurs, ajoutez à `.streamlit/secrets.toml` (ou aux secrets de "
                          "Community Cloud) une section `[collection]` avec `curator_password_hash` (créé par "
                          "`python -m lib hash-password`), ou une section `[auth]` pour `st.login` et la liste "
                          "`curator_emails` ; voir le README.",
                          "To name curators, add to `.streamlit/secrets.toml` (or to the Community Cloud secrets) a "
                          "`[collection]` section with `curator_password_hash` (made by `python -m lib "
                          "hash-password`), or an `[auth]` section for `st.login` and the `curator_emails` list; see "
                          "the README."),
    "role_bad_hash": ("Le hachage du mot de passe des curateurs est mal formé dans les secrets : créez-le avec "
                      "`python -m lib hash-password`.", "The curators' password hash in the secrets is malformed: "
                      "make it with `python -m lib hash-password`."),
    "sign_in_title": ("Connexion des curateurs", "Curators' sign-in"),
    "sign_in_oidc": ("Se connecter", "Sign in"),
    "sign_in_oidc_not_curator": ("Connecté comme {email}, qui n'est pas dans la liste des curateurs.",
                                 "Signed in as {email}, who is not on the curators' list."),
    "sign_in_name": ("Votre nom (pour l'historique)", "Your name (for the history)"),
    "sign_in_password": ("Mot de passe des curateurs", "Curators' password"),
    "sign_in_submit": ("Se connecter", "Sign in"),
    "sign_in_wrong": ("Nom manquant ou mot de passe incorrect.", "Missing name or wrong password."),
    "sign_in_wait": ("Trop d'essais infructueux : réessayez dans {seconds} s.",
                     "Too many failed attempts: try again in {seconds} s."),
    "sign_out": ("Se déconnecter", "Sign out"),
    # add offers
    "add_intro": ("Collez le texte d'une offre ou d'un recueil d'offres, ou déposez un fichier : chaque offre "
                  "trouvée devient une proposition, dont chaque champ est lu dans le texte (le passage est "
                  "indiqué). Vérifiez et corrigez, puis publiez (curateurs) ou suggérez (visiteurs).",
                  "Paste the text of an offer or of a digest of offers, or drop a file: each offer found becomes "
                  "a proposal, each field read from the text (the passage is shown). Check and correct, then "
                  "publish (curators) or suggest (visitors)."),
    "add_tab_paste": ("Coller un texte", "Paste a text"),
    "add_tab_file": ("Déposer un fichier", "Drop a file"),
    "add_text": ("Texte de l'offre (ou des offres)", "Text of the offer (or offers)"),
    "add_text_placeholder": ("Organisation (Ville – code postal) – Intitulé du poste\n\nMissions… Conditions…",
                             "Organisation (Town – postcode) – Job title\n\nDuties… Conditions…"),
    "add_file": ("Fichier de l'offre", "File of the offer"),
    "add_file_help": (".txt, .md, .html (page web enregistrée), .eml (courriel et pièces jointes), .pdf avec texte, "
                      ".docx", ".txt, .md, .html (saved web page), .eml (e-mail and attachments), .pdf with text, "
                      ".docx"),
    "add_propose": ("Lire les offres", "Read the offers"),
    "add_hint": ("Collez un texte ou déposez un fichier, puis cliquez sur « Lire les offres ».",
                 "Paste a text or drop a file, then click “Read the offers”."),
    "add_none_found": ("Aucune offre trouvée dans ce texte.", "No offer found in this text."),
    "add_unreadable": ("Fichier illisible : {reason}", "Unreadable file: {reason}"),
    "add_found": ("Propositions lues dans « {source} » : {n}", "Proposals read from '{source}': {n}"),
    # The name of a pasted text, as shown (stored in French: lib.ingest.readers.PASTED).
    "pasted_text": ("texte collé", "pasted text"),
    "add_changed": ("Le texte a changé depuis la lecture : cliquez de nouveau sur « Lire les offres ».",
                    "The text changed since it was read: click “Read the offers” again."),
    "add_summary": ("Propositions", "Proposals"),
    "add_pick": ("Proposition à vérifier", "Proposal to check"),
    "add_proposal_label": ("n° {n} — {title}", "no. {n} — {title}"),
    "add_fields": ("Champs proposés et passages du texte", "Proposed fields and passages of the text"),
    "add_correct": ("Corriger", "Correct"),
    "add_check": ("Vérifier la ligne", "Check the row"),
    "add_row_ok": ("La ligne respecte le contrat des données.", "The row meets the data contract."),
    "add_row_bad": ("La ligne ne respecte pas encore le contrat : corrigez les champs signalés, puis cliquez sur "
                    "« Vérifier la ligne ».", "The row does not meet the contract yet: correct the fields listed, "
                    "then click “Check the row”."),
    "add_duplicates": ("Cette proposition ressemble à une offre déjà présente :",
                       "This proposal looks like an offer already there:"),
    "add_duplicate_line": ("{offer_id} ({where}, {score} %) : {reason}", "{offer_id} ({where}, {score} %): {reason}"),
    # Why a proposal may repeat an offer (lib.ingest.duplicates), joined by commas.
    "dup_same_organisation": ("même structure", "same organisation"),
    "dup_close_organisation": ("structure proche ({value} %)", "similar organisation ({value} %)"),
    "dup_same_title": ("même intitulé", "same title"),
    "dup_close_title": ("intitulé proche ({value} %)", "similar title ({value} %)"),
    "dup_same_commune": ("même commune ({value})", "same municipality ({value})"),
    "dup_other_commune": ("autre commune ({value})", "different municipality ({value})"),
    "dup_same_year": ("même année ({value})", "same year ({value})"),
    "dup_other_year": ("autre année ({value})", "different year ({value})"),
    "add_see_existing": ("Voir l'offre existante « {offer_id} »", "See the existing offer '{offer_id}'"),
    "add_decision": ("Que faire de cette proposition ?", "What to do with this proposal?"),
    "decision_both": ("Garder les deux", "Keep both"),
    "decision_skip": ("Ignorer cette proposition", "Skip this proposal"),
    "decision_replace": ("Remplacer l'offre « {offer_id} » de la collection",
                         "Replace the collection's offer '{offer_id}'"),
    "add_publish_one": ("Publier cette offre", "Publish this offer"),
    "add_suggest_one": ("Suggérer cette offre", "Suggest this offer"),
    "add_publish_chosen": ("Publier la sélection", "Publish the selection"),
    "add_suggest_chosen": ("Suggérer la sélection", "Suggest the selection"),
    "add_chosen": ("Offres à envoyer ensemble", "Offers to send together"),
    "add_chosen_none": ("Choisissez des propositions", "Choose proposals"),
    "add_chosen_help": ("Chaque offre est vérifiée avant l'envoi ; celles qui ne respectent pas le contrat restent ici "
                        "avec leurs corrections.", "Each offer is checked before it is sent; those that do not meet "
                        "the contract stay here with their corrections."),
    "add_published": ("Offre publiée : « {offer_id} ». Elle apparaît dès maintenant sur toutes les pages.",
                      "Offer published: '{offer_id}'. It now appears on every page."),
    "add_suggested": ("Suggestion envoyée (n° {n}) : un curateur la relira avant publication.",
                      "Suggestion sent (no. {n}): a curator will review it before it is published."),
    "add_skipped": ("Proposition ignorée : rien n'a été envoyé.", "Proposal skipped: nothing was sent."),
    "add_not_sent": ("Non envoyée : {reason} Vos corrections sont conservées.",
                     "Not sent: {reason} Your corrections are kept."),
    # « restées ici » alone was not understood: the proposals a failed check kept on the page, to correct.
    "add_sent_count": ("Envoyées : {sent} ; non envoyées, gardées ici pour correction : {kept}.",
                       "Sent: {sent}; not sent, kept here to correct: {kept}."),
    "add_sent_skipped": ("Envoyées : {sent} ; ignorées comme vous l'avez choisi : {skipped} ; non envoyées, gardées "
                         "ici pour correction : {kept}.",
                         "Sent: {sent}; skipped as you chose: {skipped}; not sent, kept here to correct: {kept}."),
    "add_skip_one": ("Ignorer cette proposition (rien ne sera envoyé)", "Skip this proposal (nothing is sent)"),
    "add_download": ("Télécharger ces offres (CSV)", "Download these offers (CSV)"),
    "add_download_help": ("Pour les voir tout de suite dans votre session sans attendre de publication : "
                          "téléchargez-les, puis ajoutez le fichier sur la page « Données ».",
                          "To see them now in your session without waiting for publication: download them, then "
                          "add the file on the “Data” page."),
    "add_my_suggestions": ("Vos suggestions de cette session", "Your suggestions in this session"),
    "status_pending": ("en attente de relecture", "waiting for review"),
    "status_accepted": ("publiée", "published"),
    "status_rejected": ("écartée", "set aside"),
    "state_ready": ("prête", "ready"),
    "state_to_fix": ("à corriger", "to correct"),
    "state_duplicate": ("doublon probable", "likely duplicate"),
    "state_published": ("publiée", "published"),
    "state_suggested": ("suggérée", "suggested"),
    "state_skipped": ("ignorée", "skipped"),
    "where_bundled": ("fichier de référence", "reference file"),
    "where_collection": ("collection", "collection"),
    "where_batch": ("même lecture", "same reading"),
    "column_n": ("N°", "No."),
    "column_state": ("État", "State"),
    "column_duplicate": ("Doublon possible", "Possible duplicate"),
    "column_field": ("Champ", "Field"),
    "column_proposed": ("Valeur proposée", "Proposed value"),
    "column_passage": ("Passage du texte", "Passage of the text"),
    "column_severity": ("Gravité", "Severity"),
    "column_column": ("Colonne", "Column"),
    "column_problem": ("Problème", "Problem"),
    "column_value": ("Valeur", "Value"),
    "severity_error": ("erreur", "error"),
    "severity_warning": ("à vérifier", "to check"),
    "passage_default_org_type": ("valeur par défaut : aucune forme juridique lue dans le texte",
                                 "default value: no legal form read in the text"),
    "passage_default": ("valeur par défaut", "default value"),
    "passage_none": ("rien dans le texte", "nothing in the text"),
    "none_stated": ("— non précisé", "— not stated"),
    # form fields
    "field_organisation": ("Organisation", "Organisation"),
    "field_title": ("Intitulé", "Title"),
    "field_org_type": ("Type de structure", "Organisation type"),
    "field_contract": ("Contrat", "Contract"),
    "field_address": ("Adresse (numéro et rue)", "Street address"),
    "help_address": ("Proposée quand le texte en donne une, ex. « 12 rue Lafayette »",
                     "Proposed when the text gives one, e.g. “12 rue Lafayette”"),
    "field_city": ("Commune", "Town"),
    "field_postcode": ("Code postal", "Postcode"),
    "field_country": ("Pays (code ISO)", "Country (ISO code)"),
    "help_country": ("FR, CA, BE…", "FR, CA, BE…"),
    "field_stipend_basis": ("Gratification", "Stipend"),
    "field_stipend_amount_eur": ("Montant (€)", "Amount (€)"),
    "help_stipend_amount_eur": ("Seulement si un montant est indiqué : brut pour un stage, net pour un service "
                                "civique", "Only when an amount is stated: gross for an internship, net for a civic "
                                "service"),
    "field_stipend_period": ("Période du montant", "Period of the amount"),
    "field_hours_per_week_min": ("Heures par semaine (min.)", "Hours per week (min.)"),
    "field_hours_per_week_max": ("Heures par semaine (max.)", "Hours per week (max.)"),
    "field_duration_min_months": ("Durée minimale (mois)", "Shortest duration (months)"),
    "field_duration_max_months": ("Durée maximale (mois)", "Longest duration (months)"),
    "field_start_earliest": ("Début au plus tôt", "Earliest start"),
    "help_start_earliest": ("AAAA-MM, ex. 2025-03", "YYYY-MM, e.g. 2025-03"),
    "field_application_deadline": ("Date limite de candidature", "Application deadline"),
    "help_application_deadline": ("AAAA-MM-JJ, ex. 2025-01-31", "YYYY-MM-DD, e.g. 2025-01-31"),
    "field_year": ("Année de l'offre", "Year of the offer"),
    "field_remote": ("Télétravail", "Remote work"),
    "field_driving_licence": ("Permis de conduire", "Driving licence"),
    "field_evening_weekend_work": ("Travail en soirée ou le week-end", "Evening or weekend work"),
    "field_perks": ("Avantages", "Perks"),
    "field_level": ("Niveau d'études", "Study level"),
    "field_themes": ("Thèmes", "Themes"),
    "field_url": ("Adresse web de l'offre", "Web address of the offer"),
    "field_offer_id": ("Identifiant", "Identifier"),
    "help_offer_id": ("minuscules, chiffres et tirets", "lower-case letters, digits and hyphens"),
    "field_republishes": ("Republie l'offre", "Republishes the offer"),
    "help_republishes": ("identifiant d'une offre plus ancienne que celle-ci republie",
                         "identifier of an earlier offer that this one posts again"),
    "field_source": ("Source", "Source"),
    "field_notes": ("Notes", "Notes"),
    # the collection page
    "collection_intro": ("Les offres de la collection partagée : relire les suggestions, corriger, dépublier, "
                         "supprimer et restaurer, avec l'historique de chaque changement.",
                         "The offers of the shared collection: review suggestions, correct, unpublish, delete and "
                         "restore, with the history of every change."),
    "collection_visitor": ("Cette page est celle des curateurs. Les offres publiées sont sur toutes les pages du "
                           "tableau de bord ; pour en proposer une, utilisez « Ajouter une offre ».",
                           "This page is the curators'. Published offers are on every page of the dashboard; to "
                           "propose one, use “Add an offer”."),
    "tab_queue": ("À relire : {n}", "To review: {n}"),
    "tab_offers": ("Offres de la collection : {n}", "Offers of the collection: {n}"),
    "column_current": ("Version enregistrée", "Saved version"),
    "column_yours": ("Vos changements", "Your changes"),
    "tab_history": ("Historique", "History"),
    "tab_export": ("Exporter", "Export"),
    "queue_empty": ("Aucune suggestion en attente.", "No suggestion waiting."),
    "queue_pick": ("Suggestion à relire", "Suggestion to review"),
    "queue_submitted": ("Envoyée le {when} par {who}, depuis : {source}", "Sent on {when} by {who}, from: {source}"),
    "queue_text": ("Texte d'origine (affiché tel quel)", "Original text (shown as is)"),
    "queue_publish": ("Publier la suggestion", "Publish the suggestion"),
    "queue_reject": ("Écarter la suggestion", "Set the suggestion aside"),
    "queue_rejected": ("Suggestion n° {n} écartée.", "Suggestion no. {n} set aside."),
    "offers_empty": ("Aucune offre ici.", "No offer here."),
    "offer_pick": ("Offre", "Offer"),
    "offer_save": ("Enregistrer les corrections", "Save the corrections"),
    "offer_saved": ("Corrections enregistrées (version {version}).", "Corrections saved (version {version})."),
    "offer_reload": ("Reprendre la version actuelle", "Load the current version"),
    "offer_unpublish": ("Dépublier", "Unpublish"),
    "offer_delete": ("Mettre à la corbeille", "Move to the bin"),
    "offer_restore": ("Restaurer (publier de nouveau)", "Restore (publish again)"),
    "offer_status_changed": ("« {offer_id} » : {status}.", "'{offer_id}': {status}."),
    "offer_version": ("Version {version}, modifiée le {when} par {who} ; état : {status}.",
                      "Version {version}, changed on {when} by {who}; state: {status}."),
    "offer_shadowed": ("Ces offres de la collection ont un identifiant déjà présent dans le fichier de référence "
                       "(fusionnées depuis ?) : le tableau de bord montre celle du fichier. Dépubliez-les si elles "
                       "sont identiques : {ids}", "These collection offers have an identifier the reference file "
                       "also holds (merged since?): the dashboard shows the file's. Unpublish them if they are the "
                       "same: {ids}"),
    "offer_status_published": ("publiée", "published"),
    "offer_status_unpublished": ("dépubliée", "unpublished"),
    "offer_status_deleted": ("dans la corbeille", "in the bin"),
    "history_offer": ("Historique de cette offre", "History of this offer"),
    "column_when": ("Quand (UTC)", "When (UTC)"),
    "column_who": ("Qui", "Who"),
    "column_action": ("Action", "Action"),
    "column_offer": ("Offre", "Offer"),
    "column_changes": ("Changements", "Changes"),
    "column_status": ("État", "State"),
    "column_version": ("Version", "Version"),
    "action_suggest": ("suggestion", "suggestion"),
    "action_publish": ("publication", "publication"),
    "action_replace": ("remplacement", "replacement"),
    "action_edit": ("correction", "correction"),
    "action_unpublish": ("dépublication", "unpublishing"),
    "action_delete": ("mise à la corbeille", "moved to the bin"),
    "action_restore": ("restauration", "restore"),
    "action_reject": ("suggestion écartée", "suggestion set aside"),
    "export_intro": ("La collection publiée au format du fichier de données (CSV, sans formule exécutable dans un "
                     "tableur). Pour l'intégrer au fichier de référence : `python -m lib merge "
                     "collection.csv` vérifie d'abord le fichier et signale les identifiants en conflit.",
                     "The published collection in the data file's format (CSV, with no formula a spreadsheet would "
                     "run). To merge it into the reference file: `python -m lib merge collection.csv` checks the "
                     "file first and reports conflicting identifiers."),
    "export_download": ("Télécharger la collection (CSV)", "Download the collection (CSV)"),
    "database_where": ("Base de données : {where}", "Database: {where}"),
}
TEXTS.update(COLLECTION_TEXTS)

# Reading the bundled file (issue 15): a Parquet file, a file the system cannot read.
TEXTS.update({
    "file_unreadable_os": ("fichier illisible ({reason})", "unreadable file ({reason})"),
    "parquet_unreadable": ("fichier Parquet illisible ({reason}) : enregistrez-le de nouveau, ou fournissez "
                           "le fichier CSV", "unreadable Parquet file ({reason}): save it again, or provide the "
                           "CSV file"),
    "parquet_column_type": ("colonne de type {kind} dans le fichier Parquet : ni un texte ni un nombre, elle "
                            "ne peut être lue ; enregistrez-la en texte", "column of type {kind} in the Parquet "
                            "file: neither text nor number, it cannot be read; save it as text"),
})


# The advisor's workbench (issue 14): deadlines, the shortlist, the comparison's PDF.
WORKBENCH_TEXTS: dict[str, tuple[str, str]] = {
    "status": ("Candidatures", "Applications"),
    "status_open": ("Ouverte", "Open"),
    "status_closes_today": ("clôture aujourd'hui", "closes today"),
    "status_closed_on": ("Clôturée le {date}", "Closed on {date}"),
    "status_unknown": ("Date limite inconnue", "Deadline unknown"),
    "open_only": ("Offres encore ouvertes", "Offers still open"),
    "open_only_help": ("Garde les offres dont la date limite de candidature n'est pas passée au {today} ; les offres "
                       "sans date limite connue sont écartées.",
                       "Keeps the offers whose application deadline has not passed on {today}; offers with no known "
                       "deadline are left out."),
    "open_none": ("Au {today}, les données ne contiennent que des offres clôturées ou sans date limite : le filtre "
                  "est désactivé. Elles restent utiles pour comparer les conditions (gratification, durée, lieu).",
                  "On {today}, the data hold only closed offers or offers with no deadline: the filter is off. They "
                  "remain useful to compare conditions (stipend, duration, place)."),
    # Counted over every offer of the data, whatever the filters (the open-offers switch among them).
    "open_summary_none": ("Aucune des {total} offres des données n'est encore ouverte au {today} ({closed} clôturées, "
                          "{unknown} sans date limite) : elles servent à comparer les conditions.",
                          "None of the data's {total} offers is still open on {today} ({closed} closed, {unknown} "
                          "with no deadline): they serve to compare conditions."),
    "open_summary": ("Au {today}, sur les {total} offres des données : {open} encore ouvertes, {closed} clôturées, "
                     "{unknown} sans date limite.",
                     "On {today}, of the data's {total} offers: {open} still open, {closed} closed, {unknown} with no "
                     "deadline."),
    "today_invalid": ("Date du jour illisible ({value}, attendu AAAA-MM-JJ) : la date de la machine est utilisée.",
                      "Unreadable date of today ({value}, expected YYYY-MM-DD): the machine's date is used."),
    "map_closed_legend": ("cercle pâle : candidatures closes", "pale circle: applications closed"),
    "map_group_closed": ("candidatures closes", "applications closed"),
    # shortlist
    "shortlist": ("Ma sélection", "My shortlist"),
    "shortlist_add": ("☆ Ajouter à ma sélection", "☆ Add to my shortlist"),
    "shortlist_remove": ("★ Retirer de ma sélection", "★ Remove from my shortlist"),
    "shortlist_empty": ("Aucune offre retenue : ajoutez-en avec ☆ depuis la carte, un tableau ou la comparaison.",
                        "No offer kept yet: add some with ☆ from the map, a table or the comparison."),
    "shortlist_compare": ("Comparer ma sélection", "Compare my shortlist"),
    "shortlist_clear": ("Vider ma sélection", "Clear my shortlist"),
    "shortlist_link": ("Le lien de la page garde la sélection : copiez-le pour la transmettre.",
                       "The page's link keeps the shortlist: copy it to pass it on."),
    "shortlist_beyond": ("La comparaison montre {max} offres au plus : les {max} premières de la sélection. "
                         "Retirez-en pour comparer les autres.",
                         "The comparison shows at most {max} offers: the first {max} of the shortlist. Remove some "
                         "to compare the others."),
    "shortlist_need_two": ("Il faut au moins deux offres dans la sélection pour les comparer.",
                           "The shortlist needs at least two offers to compare them."),
    "shortlist_star_rows": ("☆ Ajouter les lignes cochées à ma sélection", "☆ Add the ticked rows to my shortlist"),
    "shortlist_rows_hint": ("Cochez des lignes du tableau (case à gauche) pour les ajouter à votre sélection.",
                            "Tick rows of the table (box on the left) to add them to your shortlist."),
    "compare_this": ("Comparer cette offre", "Compare this offer"),
    "compare_star": ("Sélection depuis la comparaison", "Shortlist from the comparison"),
    "starred": ("★", "★"),
    "shortlist_unknown": ("Des offres du lien ne sont plus dans les données et ont été écartées.",
                          "Some offers of the link are no longer in the data and were left out."),
    # distance filter
    "near": ("À moins de N km de… (commune ou code postal)", "Within N km of… (town or postcode)"),
    "near_help": ("Une commune française ou un code postal, trouvés sans connexion. Les offres sans lieu connu sont "
                  "alors écartées.",
                  "A French town or postcode, found offline. Offers with no known place are then left out."),
    "near_km": ("Rayon (km)", "Radius (km)"),
    "near_choose": ("{n} communes portent ce nom : laquelle ?", "{n} towns bear this name: which one?"),
    "near_unknown": ("Commune ou code postal introuvable : « {place} ». Le filtre de distance n'est pas appliqué.",
                     "Town or postcode not found: “{place}”. The distance filter is not applied."),
    "near_found": ("Distances depuis {place}, à vol d'oiseau ; ≈ : offre placée au chef-lieu de son département.",
                   "Distances from {place}, as the crow flies; ≈: offer placed at its department's main town."),
    "near_filter": ("À moins de {km} km de {place}", "Within {km} km of {place}"),
    "distance_column": ("Distance (km)", "Distance (km)"),
    "distance_card": ("Distance", "Distance"),
    # the student's budget
    "budget_header": ("Mon budget d'étudiant·e", "My student budget"),
    "budget_intro": ("Vos chiffres restent sur cette page : ils ne vont ni dans le lien ni dans le PDF, sauf si vous "
                     "cochez la case.", "Your figures stay on this page: they go neither in the link nor in the "
                     "PDF, unless you tick the box."),
    "budget_rent_each": ("Un loyer par ville", "One rent per town"),
    "budget_rent_all": ("Loyer mensuel (€)", "Monthly rent (€)"),
    "budget_rent_for": ("Loyer à {place} (€/mois)", "Rent in {place} (€/month)"),
    "budget_transport": ("Transport (€/mois)", "Transport (€/month)"),
    "budget_transport_help": ("Le prix de votre abonnement de transport en commun : en France, la structure "
                              "d'accueil d'un stage en rembourse la moitié.",
                              "The price of your public-transport pass: in France, an internship's host pays "
                              "half of it."),
    "budget_in_pdf": ("Inclure mon budget dans le PDF", "Include my budget in the PDF"),
    "budget_rent_row": ("Loyer (par mois)", "Rent (per month)"),
    "budget_transport_row": ("Transport (par mois)", "Transport (per month)"),
    "budget_share_row": ("Prise en charge du transport (50 %)", "Host's transport share (50 %)"),
    "budget_no_share": ("aucune (hors stage en France)", "none (not an internship in France)"),
    "budget_left_month": ("Reste à vivre par mois", "Left to live on per month"),
    "budget_left_total": ("Reste à vivre sur le stage", "Left to live on over the internship"),
    "budget_contributions": ("Cotisations sociales", "Social contributions"),
    "budget_exempt": ("aucune (au plus le minimum légal)", "none (at most the legal minimum)"),
    "budget_excess": ("sur l'excédent seulement : {amount} par mois", "on the excess only: {amount} a month"),
    "budget_note": ("Reste à vivre : gratification brute − loyer − transport + prise en charge légale de 50 % de "
                    "l'abonnement de transport en commun pour un stage en France ({transport_source}). La "
                    "gratification ne supporte aucune cotisation jusqu'au minimum légal ; au-delà, seul "
                    "l'excédent est soumis ({exemption_source}). Ce n'est pas une fiche de paie.",
                    "Left to live on: gross stipend − rent − transport + the host's legal share of 50 % of a "
                    "public-transport pass for an internship in France ({transport_source}). The stipend bears no "
                    "contribution up to the legal minimum; above it, only the excess does "
                    "({exemption_source}). This is not a payslip."),
    # the comparison's PDF
    "pdf_download": ("Télécharger la comparaison (PDF A4)", "Download the comparison (A4 PDF)"),
    "pdf_download_budget": ("Télécharger la comparaison et mon budget (PDF A4)",
                            "Download the comparison and my budget (A4 PDF)"),
    "pdf_help": ("Une page A4 pour un rendez-vous : le tableau, le graphique, la date, les filtres, le lien qui "
                 "rouvre cette vue et la source de chaque offre.",
                 "One A4 page for an appointment: the table, the chart, the date, the filters, the link that "
                 "reopens this view and each offer's source."),
    "pdf_title": ("Comparaison d'offres de stage", "Comparison of internship offers"),
    "pdf_printed_on": ("Édité le {date} depuis le tableau de bord « Stages en participation citoyenne ».",
                       "Printed on {date} from the “Internships in citizen participation” dashboard."),
    "pdf_filters": ("Filtres en vigueur", "Filters in force"),
    "pdf_no_filter": ("aucun", "none"),
    "pdf_yes": ("oui", "yes"),
    "pdf_distance": ("Distance", "Distance"),
    "pdf_from": ("à partir de", "from"),
    "pdf_up_to": ("jusqu'à", "up to"),
    "pdf_link": ("Rouvrir cette comparaison", "Reopen this comparison"),
    "pdf_best_legend": ("Sur fond vert : la meilleure valeur de la ligne, quand elle l'est à coup sûr (montants "
                        "comparés au minimum légal de leur année). « — » : valeur inconnue, l'annonce ne la "
                        "précise pas ; une ligne où une valeur est inconnue n'a pas de meilleure valeur.",
                        "On green: the best value of the row, when it certainly is (amounts compared with the "
                        "legal minimum of their year). “—”: unknown value, the posting does not state it; a row "
                        "where a value is unknown has no best value."),
    "pdf_sources": ("Sources des offres", "Sources of the offers"),
    "pdf_minimum_line": ("minimum légal {year} (35 h) : {amount}", "legal minimum {year} (35 h): {amount}"),
}
TEXTS.update(WORKBENCH_TEXTS)


def tn(key: str, count: float, lang: str = "fr", **values: object) -> str:
    """The text for ``key`` in the plural form ``count`` takes in ``lang`` (« 1 offre », « 2 offres »,
    « 0 offre » ; "0 offers"), with ``{n}`` the count written the language's way."""
    french, english = PLURALS[key]
    forms = english if lang == "en" else french
    form = _plural_form(count, LOCALES.get(lang, "fr_FR"))
    text = forms.get(form, forms["other"])
    if "n" not in values:
        values["n"] = decimal_text(count, LOCALES.get(lang, "fr_FR"))
    return text.format(**values)


# Babel parses the locale at each call (about 0.1 ms); hover texts ask for thousands of plurals of a
# few counts. Typed: babel's plural of 1 and of 1.0 differ in English (« 1 month », « 1.0 months »).
@lru_cache(maxsize=4096, typed=True)
def _plural_form(count: float, locale: str) -> str:
    return Locale.parse(locale).plural_form(count)


@lru_cache(maxsize=8192, typed=True)
def decimal_text(count: float, locale: str) -> str:
    """babel's writing of a number in ``locale``, once per distinct number (lib.formatting uses it too)."""
    return format_decimal(count, locale=locale)


def colon(lang: str = "fr") -> str:
    """What separates a label from its value: « Lieu : Lyon » in French, "Place: Lyon" in English."""
    return "\u00a0: " if lang == "fr" else ": "


def language_tag(lang: str = "fr") -> str:
    """The BCP 47 tag of the page's language, for ``<html lang>``."""
    return "en" if lang == "en" else "fr"


# The reasons of a validation report (lib/report.py). They are written in French where a problem
# is found, and stored and tested so; an English page shows them through this table. Each entry is
# a French template and its English one: a ``{name}`` matches any text and is carried over (a
# ``{reason}`` is itself a reason, translated in turn). A reason no entry matches stays French.
_REASON_TEMPLATES: tuple[tuple[str, str], ...] = (
    # values of the offers table
    ("valeur obligatoire manquante", "required value missing"),
    ("valeur inconnue ; valeurs permises : {allowed}", "unknown value; allowed values: {allowed}"),
    ("code inconnu ; codes permis, séparés par « ; » : {allowed}",
     "unknown code; allowed codes, separated by “;”: {allowed}"),
    ("identifiant en double : chaque offer_id doit être unique",
     "duplicate identifier: each offer_id must be unique"),
    ("identifiant en double : chaque offer_id doit être unique (aussi ligne {rows} ; aucune copie n'est gardée)",
     "duplicate identifier: each offer_id must be unique (also row {rows}; no copy is kept)"),
    ("identifiant déjà utilisé par une offre du tableau de bord",
     "identifier already used by an offer of the dashboard"),
    ("type de valeur inattendu", "unexpected type of value"),
    ("colonne absente", "missing column"),
    ("colonne absente : ajoutée vide", "missing column: added empty"),
    ("colonne obligatoire absente de l'en-tête : aucune offre ne peut être lue",
     "required column missing from the header: no offer can be read"),
    ("valeur trop petite (minimum {n})", "value too small (minimum {n})"),
    ("valeur trop grande (maximum {n})", "value too large (maximum {n})"),
    ("texte trop long (plus de {n} caractères)", "text too long (more than {n} characters)"),
    ("texte trop long ({n} caractères, {limit} au plus)", "text too long ({n} characters, {limit} at most)"),
    ("identifiant attendu en minuscules, chiffres et tirets, sans accent (ex. nicaya-consultant-2023)",
     "identifier expected in lowercase letters, digits and hyphens, without accents (e.g. nicaya-consultant-2023)"),
    ("adresse web attendue, commençant par https://", "web address expected, starting with https://"),
    ("code pays ISO à deux lettres majuscules attendu (FR, CA…)",
     "two-capital-letter ISO country code expected (FR, CA…)"),
    # numbers and dates
    ("nombre attendu (chiffres, avec un point ou une virgule décimale), par exemple 35 ou 4.05",
     "number expected (digits, with a decimal point or comma), for example 35 or 4.05"),
    ("nombre attendu, sans espace ni symbole : écrivez {x}", "number expected, without spaces or symbols: write {x}"),
    ("nombre attendu, sans unité ni symbole : écrivez {x}", "number expected, without unit or symbol: write {x}"),
    ("nombre attendu, sans espace ni symbole ; {reason}", "number expected, without spaces or symbols; {reason}"),
    ("nombre attendu, sans unité ni symbole ; {reason}", "number expected, without unit or symbol; {reason}"),
    ("nombre ambigu : {a} (virgule décimale) ou {b} (séparateur de milliers) ? écrivez {c} ou {d}",
     "ambiguous number: {a} (decimal comma) or {b} (thousands separator)? write {c} or {d}"),
    ("une seule valeur attendue, pas une fourchette", "a single value expected, not a range"),
    ("une seule valeur attendue : « 4 à 6 mois » s'écrit 4 dans duration_min_months et 6 dans duration_max_months",
     "a single value expected: “4 to 6 months” is written 4 in duration_min_months and 6 in duration_max_months"),
    ("une seule valeur attendue : « 28 et 35 h » s'écrit 28 dans hours_per_week_min et 35 dans hours_per_week_max",
     "a single value expected: “28 to 35 h” is written 28 in hours_per_week_min and 35 in hours_per_week_max"),
    ("année attendue sur quatre chiffres, par exemple 2023", "four-digit year expected, for example 2023"),
    ("mois attendu au format AAAA-MM, par exemple 2023-03 pour mars 2023",
     "month expected as YYYY-MM, for example 2023-03 for March 2023"),
    ("mois attendu au format AAAA-MM, par exemple 2023-03 pour mars 2023 : écrivez {x}",
     "month expected as YYYY-MM, for example 2023-03 for March 2023: write {x}"),
    ("date attendue au format AAAA-MM-JJ, par exemple 2023-01-15",
     "date expected as YYYY-MM-DD, for example 2023-01-15"),
    ("date attendue au format AAAA-MM-JJ, par exemple 2023-01-15 : écrivez {x}",
     "date expected as YYYY-MM-DD, for example 2023-01-15: write {x}"),
    ("date attendue au format AAAA-MM-JJ, par exemple 2023-01-15 : le {x} n'existe pas",
     "date expected as YYYY-MM-DD, for example 2023-01-15: {x} does not exist"),
    ("date attendue au format AAAA-MM-JJ, par exemple 2023-01-15 : cette date n'existe pas",
     "date expected as YYYY-MM-DD, for example 2023-01-15: this date does not exist"),
    ("date attendue au format AAAA-MM-JJ, par exemple 2023-01-15 : un jour précis est attendu, pas seulement un mois",
     "date expected as YYYY-MM-DD, for example 2023-01-15: a precise day is expected, not only a month"),
    # rules between columns
    ("durée minimale supérieure à la durée maximale", "minimum duration greater than the maximum duration"),
    ("heures minimales supérieures aux heures maximales (« 28 et 35 h » : 28 puis 35)",
     "minimum hours greater than the maximum hours (“28 to 35 h”: 28 then 35)"),
    ("lieu manquant : indiquez city ou postcode (ou remote = full)",
     "place missing: give city or postcode (or remote = full)"),
    ("code postal français attendu sur cinq chiffres (ex. 13200, pas le code INSEE)",
     "five-digit French postcode expected (e.g. 13200, not the INSEE code)"),
    ("code de département attendu (ex. 13, 2A, 974)", "department code expected (e.g. 13, 2A, 974)"),
    ("latitude et longitude vont ensemble : les deux ou aucune", "latitude and longitude go together: both or neither"),
    ("le montant est obligatoire quand stipend_basis vaut « explicit », et doit rester vide sinon "
     "(« stage indemnisé » sans montant : paid_unstated)",
     "the amount is required when stipend_basis is “explicit”, and must stay empty otherwise "
     "(“paid internship” without an amount: paid_unstated)"),
    ("stipend_period (month ou hour) accompagne toujours un montant, et lui seul",
     "stipend_period (month or hour) always goes with an amount, and only with one"),
    ("montant horaire absurde (plus de {n} € de l'heure)", "absurd hourly amount (more than {n} € an hour)"),
    ("une offre ne peut pas se republier elle-même : laissez republishes vide",
     "an offer cannot republish itself: leave republishes empty"),
    # warnings
    ("stage de plus de 6 mois : la loi limite un stage à 6 mois par organisme et par année d'enseignement",
     "internship longer than 6 months: the law limits an internship to 6 months per organisation and per "
     "academic year"),
    ("le début du stage précède la date limite de candidature",
     "the internship starts before the application deadline"),
    ("montant inférieur à la gratification minimale légale de l'année",
     "amount below the year's legal minimum stipend"),
    ("colonne inconnue du modèle : conservée telle quelle mais ignorée par le tableau de bord",
     "column unknown to the template: kept as is but ignored by the dashboard"),
    ("colonne sans nom dans l'en-tête : conservée sous ce nom, ignorée par le tableau de bord",
     "unnamed column in the header: kept under this name, ignored by the dashboard"),
    ("fichier lu en Windows-1252 (enregistré par Excel) : enregistrez-le en « CSV UTF-8 » pour éviter les "
     "accents perdus",
     "file read as Windows-1252 (saved by Excel): save it as “CSV UTF-8” to avoid lost accents"),
    ("caractères du type « Ã© » au lieu de « é » : le texte a sans doute été converti deux fois d'encodage ; "
     "vérifiez les accents",
     "characters like “Ã©” instead of “é”: the text was probably converted twice between encodings; "
     "check the accents"),
    ("{n} octet(s) invalide(s) en UTF-8, le premier à la ligne {line} du fichier texte : le fichier mélange sans "
     "doute UTF-8 et Windows-1252 ; les lignes concernées sont rejetées, les autres sont lues",
     "{n} invalid UTF-8 byte(s), the first on line {line} of the text file: the file probably mixes UTF-8 and "
     "Windows-1252; the rows concerned are rejected, the others are read"),
    ("colonne du contrat v1 ignorée : ce fichier a déjà {columns}",
     "column of contract v1 ignored: this file already has {columns}"),
    ("fichier du contrat v1 : la colonne {old} est devenue {new} (une fourchette d'heures : « 28 et 35 h » "
     "s'écrit 28 et 35) ; chaque valeur est reprise dans les deux, rien n'est perdu. Les lignes legal_minimum "
     "gardent leur code : le contrat v1 n'avait pas le code paid_unstated (stage indemnisé sans montant), voir "
     "data/README.md",
     "contract v1 file: column {old} became {new} (a range of hours: “28 to 35 h” is written 28 and 35); each "
     "value is copied into both, nothing is lost. The legal_minimum rows keep their code: contract v1 had no "
     "paid_unstated code (paid internship without an amount), see data/README.md"),
    # the file itself
    ("le fichier est vide", "the file is empty"),
    ("le fichier contient des octets nuls : ce n'est pas un fichier texte CSV",
     "the file contains null bytes: it is not a CSV text file"),
    ("le fichier contient des caractères nuls : ce n'est pas un fichier texte CSV",
     "the file contains null characters: it is not a CSV text file"),
    ("le fichier annonce l'encodage UTF-16 mais n'est pas lisible ainsi",
     "the file announces the UTF-16 encoding but cannot be read so"),
    ("ce fichier est {kind}, pas un fichier CSV : dans le tableur, choisissez « Enregistrer sous… > CSV UTF-8 »",
     "this file is {kind}, not a CSV file: in the spreadsheet, choose “Save as… > CSV UTF-8”"),
    ("encodage non reconnu (ni UTF-8 ni Windows-1252), octet {n} : enregistrez le fichier en « CSV UTF-8 »",
     "unrecognised encoding (neither UTF-8 nor Windows-1252), byte {n}: save the file as “CSV UTF-8”"),
    ("la première ligne fait plus de {n} caractères : ce n'est pas une ligne d'en-tête ({columns}), le fichier "
     "n'est pas un tableau d'offres",
     "the first line is longer than {n} characters: it is not a header line ({columns}), the file is not an "
     "offers table"),
    ("aucune colonne attendue dans la première ligne : la première ligne doit être l'en-tête ({columns})",
     "no expected column in the first line: the first line must be the header ({columns})"),
    ("aucune offre : le fichier ne contient que la ligne d'en-tête",
     "no offer: the file contains only the header line"),
    ("aucune offre dans le fichier : seul l'en-tête est présent", "no offer in the file: only the header is present"),
    ("aucune ligne lisible : chaque ligne a un problème de format (voir ci-dessus)",
     "no readable row: every row has a format problem (see above)"),
    ("cette colonne apparaît deux fois dans l'en-tête : impossible de savoir laquelle lire",
     "this column appears twice in the header: impossible to know which one to read"),
    ("en-tête illisible ({detail})", "unreadable header ({detail})"),
    ("ligne illisible ({detail})", "unreadable row ({detail})"),
    ("{n} champs au lieu de {width} : un séparateur ou un guillemet manque ou est en trop",
     "{n} fields instead of {width}: a separator or a quote is missing or extra"),
    ("{n} champs au lieu de {width} : un guillemet ouvert n'est pas refermé et cette ligne absorbe les suivantes "
     "({where})",
     "{n} fields instead of {width}: an opening quote is not closed and this row swallows the next ones ({where})"),
    ("caractère illisible (octet {x}) : cette ligne n'est pas en UTF-8 ; enregistrez le fichier en « CSV UTF-8 »",
     "unreadable character (byte {x}): this row is not UTF-8; save the file as “CSV UTF-8”"),
    ("une cellule contient ce qui ressemble à d'autres lignes du tableau ({where}) : un guillemet est sans doute "
     "mal fermé",
     "a cell contains what looks like other rows of the table ({where}): a quote is probably badly closed"),
    ("ligne de plus de {n} Mo ({where} du fichier texte) : aucune offre n'est si longue ; un guillemet n'est sans "
     "doute pas refermé, ou une cellule contient tout un texte collé",
     "row of more than {n} MB ({where} of the text file): no offer is that long; a quote is probably not closed, "
     "or a cell holds a whole pasted text"),
    ("le fichier dépasse la limite de {n} Mo : découpez-le en plusieurs fichiers",
     "the file exceeds the {n} MB limit: split it into several files"),
    ("le fichier pèse {size} Mo, au-delà de la limite de {n} Mo : découpez-le en plusieurs fichiers",
     "the file weighs {size} MB, beyond the {n} MB limit: split it into several files"),
    ("le serveur garde au plus {limit} Mo de fichiers importés, tous visiteurs confondus, et ce fichier occupe "
     "{n} Mo une fois lu : découpez-le en plusieurs fichiers",
     "the server keeps at most {limit} MB of uploaded files, all visitors together, and this file takes {n} MB "
     "once read: split it into several files"),
    ("le serveur garde au plus {limit} Mo de fichiers importés, tous visiteurs confondus, et les fichiers des "
     "autres visiteurs occupent déjà {others} Mo, celui-ci en demande {n} : réessayez dans quelques minutes",
     "the server keeps at most {limit} MB of uploaded files, all visitors together, and the other visitors' files "
     "already take {others} MB, this one asks for {n}: try again in a few minutes"),
    ("le fichier n'a pas pu être lu (erreur interne {kind}) : retirez-le, et signalez le problème avec ce fichier",
     "the file could not be read (internal error {kind}): remove it, and report the problem with this file"),
    ("la collection exportée n'est pas un fichier texte UTF-8", "the exported collection is not a UTF-8 text file"),
    TEXTS["parquet_unreadable"],
    TEXTS["parquet_column_type"],
    *((french, english) for key in ("computed_columns_set_aside",)
      for form, french in PLURALS[key][0].items() for english in [PLURALS[key][1].get(form, PLURALS[key][1]["other"])]),
)


def _reason_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    return re.compile("".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)),
                      re.DOTALL)


_REASONS = tuple((_reason_pattern(french), english) for french, english in _REASON_TEMPLATES)
# The words a carried-over part may hold (« lignes 3 à 5 », « … (7 en tout) »).
_REASON_WORDS = ((re.compile(r"\bde la ligne (\d+) à la fin\b"), r"from line \1 to the end"),
                 (re.compile(r"\blignes (\d+) à (\d+)\b"), r"lines \1 to \2"),
                 (re.compile(r"\bligne (\d+)\b"), r"line \1"),
                 (re.compile(r" du fichier texte\b"), " of the text file"),
                 (re.compile(r"\((\d+) en tout\)"), r"(\1 in all)"),
                 (re.compile(r"^(\w+) et (\w+)$"), r"\1 and \2"),
                 (re.compile(r"^un classeur Excel \(\.xlsx\), OpenDocument \(\.ods\) ou une archive ZIP$"),
                  "an Excel (.xlsx) or OpenDocument (.ods) workbook, or a ZIP archive"),
                 (re.compile(r"^un classeur Excel ancien \(\.xls\)$"), "an old Excel workbook (.xls)"),
                 (re.compile(r"^une image (PNG|JPEG|GIF)$"), r"a \1 image"),
                 (re.compile(r"^un document (PDF|RTF)$"), r"a \1 document"),
                 (re.compile(r"^une archive compressée \(gzip\)$"), "a compressed archive (gzip)"),
                 (re.compile(r"^un fichier Parquet \(lu seulement comme fichier de données du tableau de bord, "
                             r"OFFERS_CSV\)$"),
                  "a Parquet file (read only as the dashboard's data file, OFFERS_CSV)"))


@lru_cache(maxsize=8192)
def reason_text(reason: str, lang: str = "fr") -> str | None:
    """A report's French ``reason`` in ``lang``: itself in French, None when no English is known.
    Cached: a report repeats the same few reasons on thousands of rows."""
    if lang != "en":
        return reason
    for pattern, english in _REASONS:
        found = pattern.fullmatch(reason)
        if found is None:
            continue
        values = found.groupdict()
        if "reason" in values:
            inner = reason_text(values["reason"], lang)
            if inner is None:
                continue
            values["reason"] = inner
        for name, value in values.items():
            if name != "reason":
                for words, replacement in _REASON_WORDS:
                    value = words.sub(replacement, value)
                values[name] = value
        return english.format(**values)
    return None


# Streamlit's and Plotly's own interface texts, written in English in their JavaScript and not
# translatable through their Python API: the page's script (shell/navigation.py) writes them in
# French while the dashboard is in French, on screen and for screen readers (aria-label, title,
# placeholder, Plotly's tooltips), and back in English after the switch. Each text is matched whole.
STREAMLIT_UI_FRENCH: dict[str, str] = {
    # file uploader
    "Upload": "Choisir un fichier",
    "Drag and drop a file here": "Glissez-déposez un fichier ici",
    "Drag and drop files here": "Glissez-déposez des fichiers ici",
    "file upload": "dépôt de fichier",
    "Remove file": "Retirer le fichier",
    # text, number and selection widgets
    "Press Enter to apply": "Appuyez sur Entrée pour valider",
    "Press Enter to submit form": "Appuyez sur Entrée pour envoyer",
    "Choose an option": "Choisissez une option",
    "Choose options": "Choisissez des options",
    "No results": "Aucun résultat",
    "Clear all": "Tout effacer",
    # tables and charts: their toolbars
    "Show/hide columns": "Afficher ou masquer des colonnes",
    "Download as CSV": "Télécharger en CSV",
    "Search": "Rechercher",
    "Fullscreen": "Plein écran",
    "Close fullscreen": "Quitter le plein écran",
    "Download plot as a PNG": "Télécharger le graphique (PNG)",
    "Download plot as a png": "Télécharger le graphique (PNG)",
    "Box Select": "Sélection rectangulaire",
    "Lasso Select": "Sélection au lasso",
    "Zoom": "Zoomer",
    "Pan": "Déplacer",
    "Zoom in": "Zoom avant",
    "Zoom out": "Zoom arrière",
    "Autoscale": "Échelle automatique",
    "Reset axes": "Réinitialiser les axes",
    # the page's frame
    "Collapse sidebar": "Replier la barre latérale",
    "Expand sidebar": "Déplier la barre latérale",
    "Main menu": "Menu principal",
    "Sidebar": "Barre latérale",
    "Link to heading": "Lien vers ce titre",
    "Open": "Ouvrir",
    "Close": "Fermer",
    "Print": "Imprimer",
    "Rerun": "Relancer",
    "About": "À propos",
    # a table's column menu and selection
    "Sort ascending": "Trier par ordre croissant",
    "Sort descending": "Trier par ordre décroissant",
    "Pin column": "Épingler la colonne",
    "Unpin column": "Désépingler la colonne",
    "Hide column": "Masquer la colonne",
    "Clear selection": "Effacer la sélection",
    "Select all": "Tout sélectionner",
    "Statistics": "Statistiques",
    "Autosize": "Ajuster la largeur",
    "Add files": "Ajouter des fichiers",
    # a multiselect's chosen options, for screen readers
    "Selected values": "Valeurs choisies",
    # a number's box
    "Clear value": "Effacer la valeur",
    "Decrement": "Diminuer",
    "Increment": "Augmenter",
}
# Plotly's words on a box plot's figures (plotly.js src/traces/box/hover.js), shown on hover or touch.
PLOTLY_FRENCH = {
    "min:": "min :",
    "max:": "max :",
    "lower fence:": "limite basse :",
    "upper fence:": "limite haute :",
    "q1:": "1er quartile :",
    "q3:": "3e quartile :",
    "median:": "médiane :",
    "mean:": "moyenne :",
}
# « 200MB per file » under the uploader: its size in French units.
STREAMLIT_UPLOAD_LIMIT_FRENCH = "{size} Mo max. par fichier"
# A dropped file's size under its name (« 60.0B », « 1.2MB »): French units (« 60,0 o », « 1,2 Mo »).
STREAMLIT_BYTE_UNITS_FRENCH = {"B": "o", "KB": "Ko", "MB": "Mo", "GB": "Go"}
# Texts around a widget's own label or a number, as (prefix, suffix) in English then in French: a help
# icon's name for screen readers, a range slider's two handles, a file's or an option's remove button.
STREAMLIT_AFFIXES_FRENCH: tuple[tuple[tuple[str, str], tuple[str, str]], ...] = (
    (("Help for ", ""), ("Aide : ", "")),
    (("", " — start"), ("", " — début")),
    (("", " — end"), ("", " — fin")),
    # a file's chip, a chosen option's tag
    (("Cancel upload of ", ""), ("Annuler l'envoi de ", "")),
    (("Remove ", ""), ("Retirer ", "")),
)
# The same, around a number only (an option named « Select the matches » stays as written).
STREAMLIT_COUNTS_FRENCH: tuple[tuple[tuple[str, str], tuple[str, str]], ...] = (
    # a multiselect holding as many options as it may
    (("You can only select up to ", " options. Remove an option first."),
     ("Vous pouvez choisir au plus ", " options : retirez-en une d'abord.")),
    (("You can only select up to ", " option. Remove an option first."),
     ("Vous pouvez choisir au plus ", " option : retirez-la d'abord.")),
    # a list's first line while the user types: every option the typed text matches
    (("Select ", " matches"), ("Sélectionner les ", " résultats")),
)
