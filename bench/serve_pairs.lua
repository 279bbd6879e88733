-- wrk script: a different pair of states on each request (most answers not cached).
local codes = {"USA","CAN","MEX","BRA","ARG","GBR","FRA","DEU","ITA","ESP","POL","UKR","RUS","TUR","IRN","ISR","EGY","SAU","NGA","ZAF","KEN","ETH","IND","PAK","BGD","CHN","JPN","KOR","PRK","IDN","AUS","NZL","VNM","THA","PHL","CUB","VEN","COL","CHL","PER"}
local n = #codes
local i = 0
request = function()
  i = i + 1
  local a = codes[(i % n) + 1]
  local b = codes[(math.floor(i / n) % n) + 1]
  if a == b then b = codes[((math.floor(i / n) + 1) % n) + 1] end
  return wrk.format("GET", "/api/dyad?a=" .. a .. "&b=" .. b .. "&reps=" .. (100 + (i % 7)))
end
