"""Code-system URIs speciosa reads and writes (FHIR R4 terminology identifiers, not clinical data)."""

from __future__ import annotations

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
ICD10_CM = "http://hl7.org/fhir/sid/icd-10-cm"
SPECIOSA = "https://speciosa.example.org/fhir"  # our own code system for findings and plan codes
DETECTED_ISSUE_CATEGORY = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"

#: Words that mark a medication entry as kratom (lower case, matched as substrings).
KRATOM_MARKERS = ("kratom", "mitragyna", "mitragynine", "7-hydroxymitragynine", "ketum", "kratum")
