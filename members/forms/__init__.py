from .files import ImportForm
from .lifecycle import (
    BadgeForm,
    CardForm,
    DecisionForm,
    DisciplineForm,
    EndExemptionForm,
    EndMembershipForm,
    ExemptionForm,
    MemberProfileForm,
    PhotoForm,
    RatingForm,
    RatingSheetForm,
    ReadmitForm,
    RecognizeForm,
    RecordClearedForm,
    SuspensionForm,
)
from .lists import MemberFilterForm
from .movement import (
    ReceiveForm,
    TemporaryTransferForm,
    TransferForm,
    TransferInForm,
)

__all__ = [
    "BadgeForm",
    "CardForm",
    "DecisionForm",
    "DisciplineForm",
    "EndExemptionForm",
    "EndMembershipForm",
    "ExemptionForm",
    "ImportForm",
    "MemberFilterForm",
    "MemberProfileForm",
    "PhotoForm",
    "RatingForm",
    "RatingSheetForm",
    "ReadmitForm",
    "ReceiveForm",
    "RecognizeForm",
    "RecordClearedForm",
    "SuspensionForm",
    "TemporaryTransferForm",
    "TransferForm",
    "TransferInForm",
]
