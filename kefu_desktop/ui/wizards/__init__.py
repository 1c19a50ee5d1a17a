"""Case wizards (新建售后单): one QWizard per kind, driven by the domain's decision flows.

wizard = new_case_wizard(user, CaseKind.QUALITY, parent); wizard.exec()
wizard = continue_case_wizard(user, case_id, parent)     # "继续处理" on a waiting case
wizard = offer_drafts(user, parent)                      # at start: resume a draft, or None
wizard.saved_case                                        # the CaseDetail once saved
"""

from kefu_desktop.ui.wizards.case_wizard import (
    WIZARD_CLASSES,
    CaseWizard,
    DamagedParcelWizard,
    QualityWizard,
    WrongShipmentWizard,
    continue_case_wizard,
    new_case_wizard,
    wizard_for_draft,
)
from kefu_desktop.ui.wizards.drafts_dialog import ResumeDraftsDialog, offer_drafts

__all__ = [
    "WIZARD_CLASSES",
    "CaseWizard",
    "DamagedParcelWizard",
    "QualityWizard",
    "ResumeDraftsDialog",
    "WrongShipmentWizard",
    "continue_case_wizard",
    "new_case_wizard",
    "offer_drafts",
    "wizard_for_draft",
]
