-- Latest-year population of each requested local authority, persons, by 5-year age band.
SELECT area_code, area_name, year, age_band, sum(population) AS population
FROM staging.population
WHERE area_code IN (SELECT unnest($places))
  AND sex = 'Persons'
  AND year = (
      SELECT max(p2.year) FROM staging.population p2 WHERE p2.area_code = staging.population.area_code
  )
GROUP BY area_code, area_name, year, age_band
ORDER BY area_code, age_band
