"""Every change to a member's record, one module per subject; each verb
checks who may act, locks the member, checks its rules and writes the record
and its history (recording.py: the event log and the membership periods,
the one way an admission's history is written) in one transaction.

- profile: a new member row, profile changes, the photo;
- admission, readmission: the ceremony's new member, a re-admission;
- lifecycle: recognition as official, end of membership, exemption,
  discipline, the yearly rating of a member;
- ratings: the yearly rating of an organization's members at once;
- transfers, temporary: official and temporary transfers;
- cards, badges: the party card, the badges by party age;
- reorganization: merging an organization into another, moving a subtree.

The member import writes in bulk through members/imports/writing.py."""
