"""Plan quality audits (issue 18): the audit framework as data (`framework`, pure), the monthly
sample (`sampling`, pure), agreement between auditors (`agreement`, pure), and the writes: samples,
assignments, reviews, moderation, themes and actions (`audits`), outcomes at review (`outcomes`)."""
