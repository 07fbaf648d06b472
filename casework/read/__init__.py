"""What the pages show beyond `casework.queries` (the API's read side): the case page's family,
notes, plan and timeline in words (`case_page`), and a family's own view (`family_view`). Reads
only; words for people come from the kinds, `casework.words` and the message templates."""
