"""Every word cjdocs itself writes, in English and German.

Pages and diagrams take their words from a `Labels` mapping chosen by the site's language;
a test holds both languages to the same keys, so a German site shows no English label.
"""

from __future__ import annotations

from types import MappingProxyType

LANGUAGES = ("en", "de")

_ENGLISH = {
    "start": "Start",
    "end": "End",
    "emotion": "Emotion",
    "emotion.-2": "very negative",
    "emotion.-1": "negative",
    "emotion.0": "neutral",
    "emotion.1": "positive",
    "emotion.2": "very positive",
    "emotion.none": "no emotion given",
    "flow.title": "Flow of the journey {name}",
    "flow.description": "{steps} steps in {phases} phases, from {start} to {ends}.",
    "flow.legend": "Emotion",
    "flow.legend.end": "double border: the journey ends here",
    "network.title": "Touchpoint network",
    "network.description": "{touchpoints} touchpoints on {channels} channels; an arrow means customers go from one to the other in a journey.",
    "network.online": "Online",
    "network.offline": "Offline",
    "or": "or",
}

_GERMAN = {
    "start": "Start",
    "end": "Ende",
    "emotion": "Emotion",
    "emotion.-2": "sehr negativ",
    "emotion.-1": "negativ",
    "emotion.0": "neutral",
    "emotion.1": "positiv",
    "emotion.2": "sehr positiv",
    "emotion.none": "keine Emotion angegeben",
    "flow.title": "Ablauf der Journey {name}",
    "flow.description": "{steps} Schritte in {phases} Phasen, von {start} bis {ends}.",
    "flow.legend": "Emotion",
    "flow.legend.end": "doppelter Rahmen: hier endet die Journey",
    "network.title": "Netz der Touchpoints",
    "network.description": "{touchpoints} Touchpoints auf {channels} Kanälen; ein Pfeil heißt, dass Kunden in einer Journey vom einen zum anderen gehen.",
    "network.online": "Online",
    "network.offline": "Offline",
    "or": "oder",
}

Labels = MappingProxyType

LABELS: dict[str, Labels] = {"en": MappingProxyType(_ENGLISH), "de": MappingProxyType(_GERMAN)}


def labels_for(language: str | None) -> Labels:
    """The labels of a language; English for anything not supported."""
    return LABELS.get((language or "en").split("_")[0].split("-")[0].lower(), LABELS["en"])
