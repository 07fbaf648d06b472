"""Who is told what, and delivery (outbox -> channels). Imports no Flask."""
