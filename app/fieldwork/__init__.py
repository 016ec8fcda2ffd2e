"""Fieldwork: enumerators and their assignments, interviews (also offline), contact
outcomes of respondent codes (refusals, non-contacts) and back-checks of interviews."""
