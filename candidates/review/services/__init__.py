"""Every change the monthly review makes: registers (open a year's book,
take, reserve and void numbers), meetings (prepare, fill the agenda, hold
back, attendance, record an outcome), decisions (lock the meeting: the
outcomes become final on their dossiers) and corrections of a locked
record."""
