// The wait board in the field names of CBP's Border Wait Times feed (bwt.cbp.gov), so that existing wait-time apps can
// read it. Pure: the board, the port and its hours and status in, one feed record out.

export const BOARD_TYPES = [
  'general',
  'ready',
  'trusted',
  'fast',
  'commercial',
  'pedestrian',
  'pedestrian_ready',
] as const;
export type BoardType = (typeof BOARD_TYPES)[number];

/** Lanes-module lane types → the flow module's names (CBP's "Ready" pedestrian lanes include SENTRI pedestrians). */
export const flowLaneType = (t: string) => (t === 'pedestrian_trusted' ? 'pedestrian_ready' : t);

export interface BoardLane {
  laneType: BoardType;
  lanesOpen: number;
  maxLanes: number;
  waitMinutes: number | null;
  method: 'measured' | 'estimated' | 'predicted' | 'none';
  low?: number;
  high?: number;
  samples?: number;
  updatedAt: string;
}
export interface Board {
  portId: string;
  name: string;
  code: string;
  /** IANA time zone of the port */
  timeZone: string;
  /** opening hours, in the feed's words (`24 hrs/day`, `7 am-11 pm`) */
  hours: string;
  status: 'Open' | 'Closed';
  lanes: BoardLane[];
}

export interface FeedLane {
  update_time: string;
  operational_status: string;
  delay_minutes: string;
  lanes_open: string;
  method?: BoardLane['method'];
}
export interface FeedRecord {
  port_number: string;
  border: string;
  port_name: string;
  crossing_name: string;
  hours: string;
  date: string;
  port_status: 'Open' | 'Closed';
  passenger_vehicle_lanes: {
    maximum_lanes: string;
    standard_lanes: FeedLane;
    NEXUS_SENTRI_lanes: FeedLane;
    ready_lanes: FeedLane;
  };
  pedestrian_lanes: { maximum_lanes: string; standard_lanes: FeedLane; ready_lanes: FeedLane };
  commercial_vehicle_lanes: { maximum_lanes: string; standard_lanes: FeedLane; FAST_lanes: FeedLane };
  construction_notice: string;
}

const BORDER_NAMES: Record<string, string> = {
  north: 'Canadian Border',
  south: 'Mexican Border',
  air: 'Preclearance',
};

function feedLane(l: BoardLane | undefined): FeedLane {
  if (!l) return { update_time: '', operational_status: 'N/A', delay_minutes: '', lanes_open: '' };
  const status =
    l.lanesOpen === 0
      ? 'Lanes Closed'
      : l.waitMinutes === null
        ? 'Update Pending'
        : l.waitMinutes === 0
          ? 'no delay'
          : 'delay';
  return {
    update_time: `At ${new Date(l.updatedAt).toISOString().slice(11, 16)} UTC`,
    operational_status: status,
    delay_minutes: l.waitMinutes === null ? '' : String(l.waitMinutes),
    lanes_open: String(l.lanesOpen),
    method: l.method,
  };
}

/** One port's feed record; `localDate` is the port's date (YYYY-MM-DD) at the time of the board. */
export function feedRecord(board: Board, port: { code: string; border: string }, localDate: string): FeedRecord {
  const lane = (t: BoardType) => feedLane(board.lanes.find((x) => x.laneType === t));
  const max = (t: BoardType) => String(board.lanes.find((x) => x.laneType === t)?.maxLanes ?? 'N/A');
  return {
    port_number: `${port.code}01`,
    border: BORDER_NAMES[port.border] ?? port.border,
    port_name: board.name,
    crossing_name: '',
    hours: board.hours,
    date: localDate,
    port_status: board.status,
    passenger_vehicle_lanes: {
      maximum_lanes: max('general'),
      standard_lanes: lane('general'),
      NEXUS_SENTRI_lanes: lane('trusted'),
      ready_lanes: lane('ready'),
    },
    pedestrian_lanes: {
      maximum_lanes: max('pedestrian'),
      standard_lanes: lane('pedestrian'),
      ready_lanes: lane('pedestrian_ready'),
    },
    commercial_vehicle_lanes: {
      maximum_lanes: max('commercial'),
      standard_lanes: lane('commercial'),
      FAST_lanes: lane('fast'),
    },
    construction_notice: '',
  };
}
