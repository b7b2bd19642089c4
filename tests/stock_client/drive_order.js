#!/usr/bin/env node
// A stock gRPC client that has only the .proto files (issue 7, "Must show"):
// it loads proto/ at run time with @grpc/proto-loader (no generated code, no
// project library), connects to the orders service over TLS trusting only the
// given CA (no client certificate), and drives one on-site repair order the
// way a call centre and a technician do, with a bearer token on every call.
//
// One line per step; exit 0 when every step passed, 1 at the first failure
// (naming the step, the gRPC code and message), 2 on bad arguments.
//
// Tokens are read from files, never taken on the command line (they would
// show in `ps`).
//
//   node drive_order.js --orders 127.0.0.1:PORT --ca ca.pem \
//     --token-file agent.jwt --technician-token-file tech.jwt \
//     --technician tech-1 --protos ../../proto
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const {parseArgs} = require('node:util');

const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const USAGE = `usage: drive_order.js --orders HOST:PORT --protos DIR
    (--ca FILE | --plaintext) --token-file FILE
    --technician NAME --technician-token-file FILE
    [--agent NAME] [--now RFC3339] [--server-name NAME]
    [--call-timeout SECONDS]

  --orders                 the orders service address
  --protos                 the project's proto/ folder
  --ca                     PEM file of the CA that signed the server certificate
  --plaintext              no TLS (development servers only); excludes --ca
  --server-name            the name to check the server certificate for
                           (default: the host of --orders)
  --token-file             bearer token of an agent who may create, queue,
                           assign and book orders
  --technician             the technician to assign (their principal)
  --technician-token-file  that technician's bearer token
  --agent                  taking_agent on the new order: the agent token's
                           principal (default empty: the server takes the
                           verified caller)
  --now                    the server's "now" (RFC 3339) when it runs on a fake
                           clock; the call ends a minute before it (default: now)
  --call-timeout           seconds per call (default 15)`;

// Field names as in the .proto files (keepCase), 64-bit integers as strings,
// enums by name; unset fields come back with their defaults so the checks
// below can read them without guarding.
const LOADER_OPTIONS = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

const SERVICE_PROTO = 'fieldservice/orders/v1/orders_service.proto';

// The business time zone (types.proto Date: UTC+8).
const BUSINESS_UTC_OFFSET_MS = 8 * 3600 * 1000;

class StepFailure extends Error {}

function fail(message) {
  throw new StepFailure(message);
}

function usageError(message) {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function parseArguments(argv) {
  let parsed;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    usageError(error.message);  // an unknown option or a missing value
  }
  return checkArguments(parsed.values);
}

function parseOptions(argv) {
  return parseArgs({
    args: argv,
    strict: true,
    options: {
      'orders': {type: 'string'},
      'protos': {type: 'string'},
      'ca': {type: 'string'},
      'plaintext': {type: 'boolean', default: false},
      'server-name': {type: 'string'},
      'token-file': {type: 'string'},
      'technician': {type: 'string'},
      'technician-token-file': {type: 'string'},
      'agent': {type: 'string', default: ''},
      'now': {type: 'string'},
      'call-timeout': {type: 'string', default: '15'},
      'help': {type: 'boolean', default: false},
    },
  });
}

function checkArguments(values) {
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const problems = [];
  for (const name of ['orders', 'protos', 'token-file', 'technician', 'technician-token-file']) {
    if (!values[name]) problems.push(`--${name} is required`);
  }
  if (values.plaintext === Boolean(values.ca)) {
    problems.push('give exactly one of --ca FILE and --plaintext');
  }
  let now = new Date();
  if (values.now !== undefined) {
    now = new Date(values.now);
    if (Number.isNaN(now.getTime())) problems.push(`--now is not an RFC 3339 time: ${values.now}`);
  }
  const callTimeoutSeconds = Number(values['call-timeout']);
  if (!(callTimeoutSeconds > 0)) problems.push('--call-timeout must be a positive number');
  if (problems.length > 0) usageError(problems.join('\n'));
  return {...values, now, callTimeoutSeconds};
}

// A token file holds one compact JWT; surrounding whitespace (the newline a
// shell redirect adds) is not part of it.
function readToken(file, what) {
  const token = fs.readFileSync(file, 'utf8').trim();
  if (token === '') fail(`${what} ${file} is empty`);
  return token;
}

function loadOrdersService(protosDir) {
  const definition = protoLoader.loadSync(path.join(protosDir, SERVICE_PROTO), {
    ...LOADER_OPTIONS,
    includeDirs: [protosDir],
  });
  return grpc.loadPackageDefinition(definition).fieldservice.orders.v1.RepairOrders;
}

function channelCredentials(args) {
  if (args.plaintext) {
    console.log('warning: plain text (--plaintext): development servers only');
    return grpc.credentials.createInsecure();
  }
  return grpc.credentials.createSsl(fs.readFileSync(args.ca));
}

function channelOptions(args) {
  const options = {};
  if (args['server-name']) options['grpc.ssl_target_name_override'] = args['server-name'];
  return options;
}

function timestamp(date) {
  const ms = date.getTime();
  return {seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6};
}

// The calendar date `days` before `date` in the business time zone.
function businessDateDaysBefore(date, days) {
  const shifted = new Date(date.getTime() + BUSINESS_UTC_OFFSET_MS - days * 86400 * 1000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
}

// An on-site repair request with every field intake requires (DOMAIN.md
// "Taking a repair request"; the same order as tests/orders/e2e_requests.cc
// ValidCreateRequest), dated relative to `now` so it is valid on any clock.
function repairRequest(args) {
  return {
    request_id: crypto.randomUUID(),
    repair_order: {
      contact_type: 'REPAIR',
      customer: {
        name: '张三',
        phone: '13812345678',
        address: {region_code: '440106', detail: '天河区天河路385号太古汇2座1201室'},
      },
      product: {
        category: 'refrigerator',
        brand: '海尔',
        model: 'BCD-470WDPG',
        serial: 'BA0123456789',
        purchase_date: businessDateDaysBefore(args.now, 90),
        invoice_number: '24440000000012345678',
        warranty_card_present: true,
      },
      warranty_claim: {price_paid: {amount_fen: '329900'}},
      fault_description: '冷藏室不制冷，冷冻正常',
      service_mode: 'ON_SITE',
      channel: 'PHONE',
      taking_agent: args.agent,
      call_ended_time: timestamp(new Date(args.now.getTime() - 60 * 1000)),
    },
  };
}

class OrdersCaller {
  constructor(client, callTimeoutSeconds) {
    this.client = client;
    this.callTimeoutSeconds = callTimeoutSeconds;
  }

  // Calls `method` with `token` as a bearer token (none when null); resolves
  // with the response or rejects with the gRPC error.
  call(method, request, token) {
    const metadata = new grpc.Metadata();
    if (token !== null) metadata.set('authorization', `Bearer ${token}`);
    const deadline = new Date(Date.now() + this.callTimeoutSeconds * 1000);
    return new Promise((resolve, reject) => {
      this.client[method](request, metadata, {deadline}, (error, response) => {
        if (error) reject(error);
        else resolve(response);
      });
    });
  }
}

function codeName(code) {
  return Object.keys(grpc.status).find((name) => grpc.status[name] === code) || String(code);
}

function expectStatus(order, want, step) {
  if (order.status !== want) fail(`${step}: status is ${order.status}, want ${want}`);
}

// A transition as a real client makes it: with the etag it last read, and on
// ABORTED (the order changed since, e.g. its 三包 decision arrived from the
// warranty service) it reads the order again and retries, a few times.
async function transitionFrom(orders, order, transition, token) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await orders.call(
          'TransitionRepairOrder', {name: order.name, etag: order.etag, ...transition}, token);
    } catch (error) {
      if (error.code !== grpc.status.ABORTED || attempt >= 3) throw error;
      order = await orders.call('GetRepairOrder', {name: order.name}, token);
    }
  }
}

async function main() {
  const args = parseArguments(process.argv.slice(2));
  let step = 'read tokens';
  const results = [];
  const passed = (line) => {
    results.push(line);
    console.log(`ok   ${line}`);
  };
  try {
    const agentToken = readToken(args['token-file'], 'agent token file');
    const technicianToken = readToken(args['technician-token-file'], 'technician token file');

    step = 'load protos';
    const RepairOrders = loadOrdersService(args.protos);
    const client = new RepairOrders(args.orders, channelCredentials(args), channelOptions(args));
    const orders = new OrdersCaller(client, args.callTimeoutSeconds);
    passed(`${step}: ${SERVICE_PROTO} from ${args.protos}`);

    step = 'CreateRepairOrder';
    let order = await orders.call('CreateRepairOrder', repairRequest(args), agentToken);
    expectStatus(order, 'RECEIVED', step);
    if (!order.name.startsWith('repairOrders/')) fail(`${step}: unexpected name ${order.name}`);
    // 首问负责制: the owner is the verified caller (--agent, when given, names
    // the same person).
    if (order.owner_agent === '' || (args.agent !== '' && order.owner_agent !== args.agent)) {
      fail(`${step}: owner_agent is "${order.owner_agent}", want the agent token's principal`);
    }
    const name = order.name;
    const agent = order.owner_agent;
    passed(`${step}: ${name} ${order.status}, owner ${order.owner_agent}`);

    step = 'GetRepairOrder';
    order = await orders.call('GetRepairOrder', {name}, agentToken);
    expectStatus(order, 'RECEIVED', step);
    if (!order.allowed_events.includes('QUEUE_FOR_DISPATCH')) {
      fail(`${step}: allowed_events ${order.allowed_events} lack QUEUE_FOR_DISPATCH`);
    }
    passed(`${step}: ${order.status}, allowed ${order.allowed_events.join(' ')}`);

    // Identity is checked before anything else: without a token not even an
    // order that exists is read.
    step = 'GetRepairOrder without a token';
    try {
      await orders.call('GetRepairOrder', {name}, null);
      fail(`${step}: succeeded, want UNAUTHENTICATED`);
    } catch (error) {
      if (error instanceof StepFailure || error.code !== grpc.status.UNAUTHENTICATED) throw error;
    }
    passed(`${step}: UNAUTHENTICATED`);

    // The call centre's part: release, assign, book the visit.
    const appointmentStart = new Date(args.now.getTime() + 2 * 3600 * 1000);
    const agentSteps = [
      {event: 'QUEUE_FOR_DISPATCH', want: 'PENDING_DISPATCH'},
      {event: 'ASSIGN', want: 'ASSIGNED', technician_id: args.technician},
      {
        event: 'BOOK_APPOINTMENT',
        want: 'APPOINTMENT_BOOKED',
        appointment: {
          start_time: timestamp(appointmentStart),
          end_time: timestamp(new Date(appointmentStart.getTime() + 2 * 3600 * 1000)),
        },
      },
    ];
    for (const {want, ...transition} of agentSteps) {
      step = `TransitionRepairOrder ${transition.event}`;
      order = await transitionFrom(orders, order, transition, agentToken);
      expectStatus(order, want, step);
      passed(`${step}: ${order.status}`);
    }
    if (order.technician_id !== args.technician) {
      fail(`${step}: technician_id is "${order.technician_id}", want "${args.technician}"`);
    }

    // The technician's part, with their own token: they read their job (the
    // customer's phone is theirs to see while the job is current), travel,
    // arrive and complete it.
    step = 'GetRepairOrder as technician';
    order = await orders.call('GetRepairOrder', {name}, technicianToken);
    expectStatus(order, 'APPOINTMENT_BOOKED', step);
    if (order.customer.phone === '' || order.customer.phone.includes('*')) {
      fail(`${step}: phone is "${order.customer.phone}" on a current job, want it unmasked`);
    }
    passed(`${step}: ${order.status}, phone visible while the job is current`);

    const technicianSteps = [
      {event: 'DEPART', want: 'EN_ROUTE'},
      {event: 'ARRIVE', want: 'ON_SITE_VISIT'},
      {event: 'COMPLETE', want: 'COMPLETED'},
    ];
    for (const {event, want} of technicianSteps) {
      step = `TransitionRepairOrder ${event} as technician`;
      order = await transitionFrom(orders, order, {event}, technicianToken);
      expectStatus(order, want, step);
      passed(`${step}: ${order.status}`);
    }

    step = 'ListRepairOrderEvents';
    const events = [];
    let pageToken = '';
    do {
      const page = await orders.call(
          'ListRepairOrderEvents', {name, page_token: pageToken}, agentToken);
      events.push(...page.events);
      pageToken = page.next_page_token;
    } while (pageToken !== '');
    if (!events.some((e) => e.action === 'CREATED')) fail(`${step}: no CREATED entry`);
    const transitions = events.filter((e) => e.action === 'TRANSITIONED');
    const wantEvents = [...agentSteps, ...technicianSteps].map((s) => s.event);
    const gotEvents = transitions.map((e) => e.event);
    if (gotEvents.join(' ') !== wantEvents.join(' ')) {
      fail(`${step}: transitions ${gotEvents.join(' ')}, want ${wantEvents.join(' ')}`);
    }
    // The audit trail names the verified callers, not what a body said.
    for (const e of transitions) {
      const want = technicianSteps.some((s) => s.event === e.event) ? args.technician : agent;
      if (e.actor !== want) fail(`${step}: ${e.event} by "${e.actor}", want "${want}"`);
    }
    passed(`${step}: ${events.length} entries, transitions ${gotEvents.join(' ')}`);

    // Once the job is done the technician no longer needs the customer's
    // phone: their own view masks it.
    step = 'GetRepairOrder as technician after completion';
    order = await orders.call('GetRepairOrder', {name}, technicianToken);
    expectStatus(order, 'COMPLETED', step);
    if (!order.customer.phone.includes('*')) {
      fail(`${step}: phone is "${order.customer.phone}", want it masked`);
    }
    passed(`${step}: phone ${order.customer.phone}`);

    client.close();
    console.log(`PASS ${results.length} steps; order ${name} ${order.status}`);
    return 0;
  } catch (error) {
    if (error instanceof StepFailure) {
      console.log(`FAIL ${error.message}`);
    } else if (error && typeof error.code === 'number' && 'details' in error) {
      console.log(`FAIL ${step}: ${codeName(error.code)} (code ${error.code}): ${error.details}`);
    } else if (error && typeof error.code === 'string' && error.syscall) {
      console.log(`FAIL ${step}: ${error.message}`);  // a file that cannot be read
    } else {
      console.log(`FAIL ${step}: ${error && error.stack ? error.stack : error}`);
    }
    return 1;
  }
}

main().then((code) => process.exit(code));
