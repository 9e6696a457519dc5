-- OMOP CDM v5.4 subset with UK extensions (lsoa_code, ward_code, neighbourhood, imd_decile,
-- ods_code; NHS ethnic category in person.race_source_value). Patient-level: restricted DB only.
-- Twin of sources/omop.py OMOP_SCHEMA; tests check they agree.
CREATE SCHEMA IF NOT EXISTS restricted;

CREATE TABLE IF NOT EXISTS restricted.person (
    person_id BIGINT NOT NULL,
    gender_concept_id INTEGER NOT NULL,
    year_of_birth INTEGER NOT NULL,
    month_of_birth INTEGER,
    race_concept_id INTEGER,
    ethnicity_concept_id INTEGER,
    location_id BIGINT,
    care_site_id BIGINT,
    gender_source_value VARCHAR,
    race_source_value VARCHAR
);

CREATE TABLE IF NOT EXISTS restricted.observation_period (
    observation_period_id BIGINT NOT NULL,
    person_id BIGINT NOT NULL,
    observation_period_start_date DATE NOT NULL,
    observation_period_end_date DATE NOT NULL,
    period_type_concept_id INTEGER
);

CREATE TABLE IF NOT EXISTS restricted.visit_occurrence (
    visit_occurrence_id BIGINT NOT NULL,
    person_id BIGINT NOT NULL,
    visit_concept_id INTEGER NOT NULL,
    visit_start_date DATE NOT NULL,
    visit_end_date DATE,
    visit_type_concept_id INTEGER,
    visit_source_value VARCHAR
);

CREATE TABLE IF NOT EXISTS restricted.condition_occurrence (
    condition_occurrence_id BIGINT NOT NULL,
    person_id BIGINT NOT NULL,
    condition_concept_id BIGINT,
    condition_start_date DATE NOT NULL,
    condition_type_concept_id INTEGER,
    condition_source_value VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS restricted.drug_exposure (
    drug_exposure_id BIGINT NOT NULL,
    person_id BIGINT NOT NULL,
    drug_concept_id BIGINT,
    drug_exposure_start_date DATE NOT NULL,
    drug_exposure_end_date DATE,
    drug_type_concept_id INTEGER,
    drug_source_value VARCHAR NOT NULL,
    days_supply INTEGER
);

CREATE TABLE IF NOT EXISTS restricted.measurement (
    measurement_id BIGINT NOT NULL,
    person_id BIGINT NOT NULL,
    measurement_concept_id BIGINT NOT NULL,
    measurement_date DATE NOT NULL,
    measurement_type_concept_id INTEGER,
    value_as_number DOUBLE,
    unit_source_value VARCHAR,
    measurement_source_value VARCHAR
);

CREATE TABLE IF NOT EXISTS restricted.observation (
    observation_id BIGINT NOT NULL,
    person_id BIGINT NOT NULL,
    observation_concept_id BIGINT,
    observation_date DATE NOT NULL,
    observation_type_concept_id INTEGER,
    observation_source_value VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS restricted.death (
    person_id BIGINT NOT NULL,
    death_date DATE NOT NULL,
    death_type_concept_id INTEGER
);

CREATE TABLE IF NOT EXISTS restricted.location (
    location_id BIGINT NOT NULL,
    location_source_value VARCHAR,
    lsoa_code VARCHAR,
    ward_code VARCHAR,
    ward_name VARCHAR,
    neighbourhood VARCHAR,
    imd_decile INTEGER
);

CREATE TABLE IF NOT EXISTS restricted.care_site (
    care_site_id BIGINT NOT NULL,
    care_site_name VARCHAR,
    place_of_service_concept_id INTEGER,
    care_site_source_value VARCHAR,
    ods_code VARCHAR
);
