// The IANA time zone of every port of entry: the ports' data (data/ports.json, data/crossings.json) gives a US port's
// state but no zone, and nothing but a name for the facing Canadian and Mexican crossings and the preclearance
// airports. The zone is derived here from the state, province or Mexican state (ISO 3166-2), with the few ports whose
// zone differs from the rest of their state named one by one. There is no default: a port this table cannot place is
// an error, never a guess (a UTC-6 default once put every unknown port on Central time).

/** Zone of each region along the borders (ISO 3166-2). Mexican states: the zone of their border strip. */
export const REGION_ZONES: Readonly<Record<string, string>> = {
  // United States (the border states)
  'US-AK': 'America/Anchorage',
  'US-AZ': 'America/Phoenix',
  'US-CA': 'America/Los_Angeles',
  // The Idaho ports (Eastport, Porthill) are in the panhandle, on Pacific time, not on Boise's Mountain time.
  'US-ID': 'America/Los_Angeles',
  'US-ME': 'America/New_York',
  'US-MI': 'America/Detroit',
  'US-MN': 'America/Chicago',
  'US-MT': 'America/Denver',
  // Every North Dakota county on the border is on Central time (Mountain time is in the south-west only).
  'US-ND': 'America/Chicago',
  'US-NH': 'America/New_York',
  'US-NM': 'America/Denver',
  'US-NY': 'America/New_York',
  'US-TX': 'America/Chicago',
  'US-VT': 'America/New_York',
  'US-WA': 'America/Los_Angeles',
  // Canada
  'CA-AB': 'America/Edmonton',
  'CA-BC': 'America/Vancouver',
  'CA-MB': 'America/Winnipeg',
  'CA-NB': 'America/Moncton',
  'CA-NS': 'America/Halifax',
  'CA-ON': 'America/Toronto',
  'CA-QC': 'America/Toronto',
  'CA-SK': 'America/Regina',
  'CA-YT': 'America/Whitehorse',
  // Mexico: the border municipalities keep US daylight-saving dates where their state's interior does not.
  'MX-BCN': 'America/Tijuana',
  'MX-CHH': 'America/Ciudad_Juarez',
  'MX-COA': 'America/Matamoros',
  'MX-NLE': 'America/Matamoros',
  'MX-SON': 'America/Hermosillo',
  'MX-TAM': 'America/Matamoros',
};

/** Ports on the other side of a zone line from the rest of their state, by port id. */
export const PORT_ZONES: Readonly<Record<string, string>> = {
  // El Paso and Hudspeth counties, Texas, are on Mountain time.
  'US-2401': 'America/Denver',
  'US-2402': 'America/Denver',
  'US-2404': 'America/Denver',
  // Skagway and Dalton Cache (Haines) keep Juneau's zone (same offsets as Anchorage, a distinct IANA zone).
  'US-3103': 'America/Juneau',
  'US-3106': 'America/Juneau',
  // Ojinaga, facing Presidio, has its own zone within Chihuahua.
  'MX-2403': 'America/Ojinaga',
};

/**
 * The region of the ports whose data carries none: the Canadian and Mexican crossings facing the busiest US ports
 * (data/crossings.json `major`, id `<country>-<US port code>`) and the Canadian airports with US preclearance
 * (`PC-<IATA>`).
 */
export const PORT_REGIONS: Readonly<Record<string, string>> = {
  'MX-2504': 'MX-BCN', // Tijuana — El Chaparral / Puerta México
  'MX-2402': 'MX-CHH', // Ciudad Juárez
  'MX-2506': 'MX-BCN', // Tijuana — Mesa de Otay
  'MX-2304': 'MX-TAM', // Nuevo Laredo
  'MX-2503': 'MX-BCN', // Mexicali
  'MX-2301': 'MX-TAM', // Matamoros
  'MX-2305': 'MX-TAM', // Reynosa
  'MX-2608': 'MX-SON', // San Luis Río Colorado
  'MX-2604': 'MX-SON', // Nogales, Sonora
  'MX-2401': 'MX-CHH', // Ciudad Juárez — Zaragoza
  'MX-2303': 'MX-COA', // Piedras Negras
  'MX-2507': 'MX-BCN', // Mexicali — Nuevo Mexicali
  'MX-2601': 'MX-SON', // Agua Prieta
  'MX-2309': 'MX-TAM', // Nuevo Progreso
  'CA-3801': 'CA-ON', // Windsor
  'CA-0901': 'CA-ON', // Fort Erie / Niagara Falls
  'CA-3802': 'CA-ON', // Sarnia
  'CA-3004': 'CA-BC', // Surrey
  'CA-0712': 'CA-QC', // Saint-Bernard-de-Lacolle
  'CA-3310': 'CA-AB', // Coutts
  'CA-0904': 'CA-ON', // Queenston
  'PC-YVR': 'CA-BC',
  'PC-YYC': 'CA-AB',
  'PC-YEG': 'CA-AB',
  'PC-YWG': 'CA-MB',
  'PC-YYZ': 'CA-ON',
  'PC-YOW': 'CA-ON',
  'PC-YUL': 'CA-QC',
  'PC-YHZ': 'CA-NS',
};

/** What the zone of a port is derived from: its id, country and (for US ports) its state's postal code. */
export interface ZonedPort {
  id: string;
  country: string;
  state: string | null;
}

export class UnknownTimeZoneError extends Error {
  constructor(port: ZonedPort, region: string | null) {
    super(
      `port ${port.id}: no IANA time zone for ${region ? `region ${region}` : 'a port without a state or province'}` +
        ' (add it to src/modules/flow/domain/time-zones.ts)',
    );
    this.name = 'UnknownTimeZoneError';
  }
}

/** The region (ISO 3166-2) of a port: its own state where the data gives one, else the table above. */
export function portRegion(p: ZonedPort): string | null {
  if (p.state) return p.state.includes('-') ? p.state : `${p.country}-${p.state}`;
  return PORT_REGIONS[p.id] ?? null;
}

/** The port's IANA time zone; throws for a port the tables cannot place (never a default). */
export function portTimeZone(p: ZonedPort): string {
  const region = portRegion(p);
  const zone = PORT_ZONES[p.id] ?? (region ? REGION_ZONES[region] : undefined);
  if (!zone || !isTimeZone(zone)) throw new UnknownTimeZoneError(p, region);
  return zone;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The wall clock of a zone at an instant: weekday (0 Sunday), date parts, hour, and the UTC offset in hours. */
export interface LocalClock {
  year: number;
  month: number;
  day: number;
  weekday: number;
  hour: number;
  minute: number;
  offsetHours: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function localClock(at: Date, zone: string): LocalClock {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(zone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(at)) parts[p.type] = p.value;
  const [year, month, day, hour, minute] = [parts.year, parts.month, parts.day, parts.hour, parts.minute].map(Number);
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const offsetMinutes = Math.round((wall - Math.floor(at.getTime() / 60000) * 60000) / 60000);
  return {
    year,
    month,
    day,
    weekday: WEEKDAYS.indexOf(parts.weekday),
    hour,
    minute,
    offsetHours: offsetMinutes / 60,
  };
}
