"""Every change organizations/ makes: the tree (opening and moving an
organization), accounts and their roles, jobs (asking the workers for a
document or an export, and keeping what they made) and notifications (a
message to the secretaries, mailed once the change is committed)."""
