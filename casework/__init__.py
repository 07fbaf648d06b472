"""casework: statutory workflow engine for EHC needs assessments, annual reviews and the other
journeys of SEND casework. Importing the package loads nothing: the Flask app is built by
`casework.app.create_app`, a worker's entry points are in `casework.jobs`, and the layers are
described in docs/architecture.md."""
