"""The workday: each day's target (``targets``, pure) and reading what it is made of
(``reader``: the member profile, holidays and time off, at most hourly, within the budget)."""
