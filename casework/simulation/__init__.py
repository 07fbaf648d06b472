"""The capacity what-if: the council's own history fitted into a model of its casework
(`calibration`, read by `history`), a discrete-event simulation of the months ahead (`model`, SimPy,
pure: no database), the scenarios a manager compares (`scenarios`) and a backtest against what
actually happened (`backtest`, whose actual figures come from `reports.read` and the dashboard's
indicators: one definition per figure)."""
