"""Every category of the dataset, with its French and English labels and its colour.

Defined once here and used by the schema, the filters, the charts and the map, so that a
new category is added in one place.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping

Labels = Mapping[str, tuple[str, str]]  # code -> (French label, English label)

ORG_TYPES: Labels = {
    "local_authority": ("Collectivité territoriale", "Local authority"),
    "public_body": ("Établissement ou service public", "Public body"),
    "scop": ("SCOP / coopérative", "Cooperative (SCOP)"),
    "association": ("Association", "Association"),
    "consultancy": ("Cabinet de conseil", "Consultancy"),
    "company": ("Entreprise", "Company"),
    "university": ("Université / recherche", "University / research"),
}

# Okabe–Ito, the colour-blind-safe qualitative palette; yellow is left out because it is
# unreadable on a white background.
ORG_TYPE_COLOURS: Mapping[str, str] = {
    "local_authority": "#0072B2",
    "public_body": "#56B4E9",
    "scop": "#009E73",
    "association": "#E69F00",
    "consultancy": "#CC79A7",
    "company": "#D55E00",
    "university": "#000000",
}

# Where an offer shown by the dashboard comes from (the "dataset" column of prepared offers).
DATASETS: Labels = {
    "bundled": ("Fichier de référence", "Reference file"),
    "collection": ("Collection", "Collection"),
    "uploaded": ("Votre fichier", "Your file"),
}

CONTRACTS: Labels = {
    "internship": ("Stage", "Internship"),
    "civic_service": ("Service civique", "Civic service"),
}

STIPEND_BASES: Labels = {
    "explicit": ("Montant indiqué", "Amount stated"),
    "legal_minimum": ("Gratification légale", "Legal minimum"),
    "above_legal_minimum": ("Supérieure au minimum légal", "Above the legal minimum"),
    # « stage indemnisé », « indemnité de stage » with no amount and no word of the legal rate.
    "paid_unstated": ("Indemnisé, montant non précisé", "Paid, amount not stated"),
    "not_stated": ("Non précisée", "Not stated"),
}

# Where an offer's pay stands against the legal minimum of its year (lib.stipend.stipend_level).
STIPEND_LEVELS: Labels = {
    "above_minimum": ("Au-dessus du minimum légal", "Above the legal minimum"),
    "at_minimum": ("Au minimum légal", "At the legal minimum"),
    "below_minimum": ("Sous le minimum légal", "Below the legal minimum"),
    "not_stated": ("Montant non précisé", "Amount not stated"),
    "unknown_year": ("Montant indiqué, année inconnue", "Amount stated, year unknown"),
    "civic_service": ("Indemnité de service civique", "Civic service allowance"),
}

STIPEND_PERIODS: Labels = {
    "month": ("par mois", "per month"),
    "hour": ("de l'heure", "per hour"),
}

REMOTE: Labels = {
    "none": ("Sur site", "On site"),
    "partial": ("Télétravail partiel", "Partly remote"),
    "full": ("Télétravail complet", "Fully remote"),
}

DRIVING_LICENCE: Labels = {
    "required": ("Permis exigé", "Licence required"),
    "recommended": ("Permis souhaité", "Licence recommended"),
    "no": ("Permis non demandé", "No licence needed"),
}

YES_NO: Labels = {
    "yes": ("Oui", "Yes"),
    "no": ("Non", "No"),
}

GEO_PRECISIONS: Labels = {
    "address": ("Adresse", "Address"),
    "commune": ("Commune", "Municipality"),
    "department": ("Département (approximatif)", "Department (approximate)"),
}

LEVELS: Labels = {
    "licence": ("Licence", "Bachelor"),
    "master_1": ("Master 1 (bac+4)", "Master 1"),
    "master_2": ("Master 2 (bac+5)", "Master 2"),
}

PERKS: Labels = {
    "meal_vouchers": ("Titres-restaurant", "Meal vouchers"),
    "canteen": ("Restaurant collectif", "Staff canteen"),
    "meals_provided": ("Déjeuner pris en charge", "Lunch provided"),
    "transport_50": ("Transports remboursés à 50 %", "50 % of public transport paid"),
    "travel_expenses": ("Frais de déplacement pris en charge", "Work travel paid"),
    "vehicle_provided": ("Véhicule de service", "Work vehicle provided"),
    "housing_support": ("Aide au logement", "Housing support"),
    "flights_paid": ("Billets d'avion et de train pris en charge", "Flights and trains paid"),
    "hiring_possible": ("Embauche possible après le stage", "Possible hiring after the internship"),
}

THEMES: Labels = {
    "local_democracy": ("Démocratie locale", "Local democracy"),
    "public_consultation": ("Concertation", "Public consultation"),
    "participatory_budget": ("Budget participatif", "Participatory budgeting"),
    "urban_policy": ("Politique de la ville", "Urban policy"),
    "territorial_development": ("Développement territorial", "Territorial development"),
    "climate": ("Climat", "Climate"),
    "energy": ("Énergie", "Energy"),
    "water": ("Eau", "Water"),
    "biodiversity": ("Biodiversité", "Biodiversity"),
    "associations": ("Vie associative", "Associations"),
    "communication": ("Communication", "Communication"),
    "design": ("Design", "Design"),
    "digital": ("Numérique / civic tech", "Digital / civic tech"),
    "social_impact": ("Impact social", "Social impact"),
    "research": ("Recherche", "Research"),
}

# Values of the offers' region that are not a region's name: their labels in each language.
REGION_OTHERS: Labels = {
    "Étranger": ("Étranger", "Abroad"),
    "Non précisée": ("Non précisée", "Not stated"),
}

LANGUAGES = ("fr", "en")


def region_label(value: str | None, lang: str = "fr") -> str:
    """A region as shown: its French name (a proper noun), « Étranger » as "Abroad" in English."""
    return label(REGION_OTHERS, value, lang)


def region_sort_key(value: str) -> tuple[int, str, str]:
    """Regions in French alphabetical order, accents and case aside (« Île-de-France » between
    « Hauts-de-France » and « Normandie », not after « Z »); « Étranger » then « Non précisée » last,
    in both languages (they are not regions)."""
    others = list(REGION_OTHERS)
    rank = others.index(value) + 1 if value in others else 0
    letters = "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c))
    return rank, letters.replace("œ", "oe").replace("Œ", "Oe").casefold(), value


def sorted_regions(values: Iterable[str]) -> list[str]:
    """``values`` in the order the region filter lists them (``region_sort_key``)."""
    return sorted(values, key=region_sort_key)


def label(labels: Labels, code: str | None, lang: str = "fr") -> str:
    """Human label of a code; the code itself when unknown, so nothing is ever hidden."""
    if code is None or code == "":
        return "—"
    pair = labels.get(code)
    if pair is None:
        return str(code)
    return pair[0] if lang == "fr" else pair[1]
