"""The SEN2 person-level return (spec: reporting.md section 3 and statutory.md section 12).

The pure core: code lists and identifier checks (``workflow.sen2``: the pages validate with them), the records of the
return (``records``), a streaming XML writer (``writer``), an XSD and a validator against it
(``schema/sen2.xsd``, ``validate``) and the pre-submission checks (``checks``). Nothing here
touches the database or Flask: the caller turns case records into ``records.Person`` values.
"""
