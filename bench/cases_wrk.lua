-- wrk script of bench/cases.sh: GET /api/v1/cases/{case} of a random case from $LAP_IDS, with the
-- session cookie $LAP_COOKIE.
local ids = {}
for line in io.lines(os.getenv("LAP_IDS")) do ids[#ids + 1] = line end
local cookie = "lap_session=" .. os.getenv("LAP_COOKIE")
math.randomseed(os.time())

request = function()
  local id = ids[math.random(#ids)]
  return wrk.format("GET", "/api/v1/cases/" .. id .. "?purpose=benchmark%20dossier",
                    { ["cookie"] = cookie })
end
