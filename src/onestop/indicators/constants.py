from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordSource(models.TextChoices):
    LIVE = "live", _("Handled in OneStop")
    IMPORT = "import", _("Imported history")


class Band(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    AVERAGE = "average", _("Average")
    WEAK = "weak", _("Weak")


class OfficerBand(models.TextChoices):
    """Circular 01/2018 Art 14: how an officer fulfilled their duties."""

    FULL = "full", _("Fulfilled duties well")
    DONE = "done", _("Fulfilled duties")
    NOT_DONE = "not_done", _("Did not fulfil duties")


# Indicator names (the weights and thresholds are data: IndexScheme / IndexIndicator).
INDICATOR_LABELS = {
    "1.1": _("Procedures published on time"),
    "1.2": _("Procedures updated and disclosed on time"),
    "1.3": _("Procedures disclosed with full content"),
    "1.4": _("Dossiers synchronised to the national portal"),
    "2.1": _("Dossiers done early or on time"),
    "2.2": _("Average processing time (working days)"),
    "3.x": _("Dossiers submitted fully online"),
    "3.5": _("Fee-bearing procedures integrated with online payment"),
    "3.5b": _("Fee-bearing procedures with at least one online payment"),
    "3.6": _("Dossiers paid online"),
    "4.1": _("Dossiers with an electronic result"),
    "4.2": _("Dossiers digitised and with an electronic result"),
    "4.x": _("Electronic certified copies provided"),
    "4.3": _("Dossiers reusing digitised data"),
    "4.4": _("Dossiers linked to the personal data store"),
    "4.5": _("Dossiers using population-database data"),
    "5.2": _("Feedback handled on time"),
    "5.3": _("Satisfaction with feedback handling"),
    "5.4": _("Satisfaction in receipt and settlement"),
    "online_filing": _("Dossiers filed online"),
}

GROUP_LABELS = {
    "publicity": _("Publicity and transparency"),
    "progress": _("Progress of settlement"),
    "online": _("Online service"),
    "payment": _("Online payment"),
    "digitisation": _("Digitisation"),
    "satisfaction": _("Satisfaction"),
    "tracked": _("Tracked, no points"),
}

# Why a dossier lost points on an indicator (the drill-down).
LOSS_REASONS = {
    "1.4": _("not synchronised to the national portal"),
    "2.1": _("late"),
    "3.x": _("not submitted fully online"),
    "3.6": _("fee not paid online"),
    "4.1": _("no electronic result"),
    "4.2": _("components not digitised or no electronic result"),
    "4.3": _("no reused digitised data"),
    "4.4": _("not linked to the personal data store"),
    "5.4": _("late, or the applicant was unhappy or complained"),
    "online_filing": _("not filed online"),
}
