/**
 * The demo organisation Contoso: a handful of mailboxes with realistic mail, the permissions the
 * product's access modes need (impersonation, delegation) and one mailbox that is out of office.
 * Every call builds a fresh organisation, so tests can change it freely.
 */
import { attachMessage } from "../ops/attachments.ts";
import { Organisation } from "../store/organisation.ts";
import { seedDemoCalendars } from "./demo_calendar.ts";
import { seedDemoContacts } from "./demo_contacts.ts";
import type { Mailbox, NewMessage } from "../store/mailbox.ts";
import type { EmailAddress } from "../store/types.ts";

export interface DemoAccount {
  email: string;
  password: string;
  displayName: string;
  role: string;
}

export const DEMO_DOMAIN = "contoso.test";

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    email: "alex@contoso.test",
    password: "Demo-Pass-1",
    displayName: "Alex Wilber",
    role: "IT operations; service account with ApplicationImpersonation over pat and sales",
  },
  {
    email: "pat@contoso.test",
    password: "Demo-Pass-2",
    displayName: "Pat Kim",
    role: "Project manager; alex is its delegate (Editor on Inbox and Calendar, send on behalf)",
  },
  {
    email: "sales@contoso.test",
    password: "Demo-Pass-3",
    displayName: "Contoso Sales",
    role: "Shared sales mailbox; out of office (scheduled auto-reply)",
  },
  {
    email: "ceo@contoso.test",
    password: "Demo-Pass-4",
    displayName: "Morgan Lee",
    role: "Chief executive; grants no one impersonation or delegate access",
  },
];

export interface DemoOptions {
  /** The moment the demo mail is dated back from (default: now, to the minute). */
  baseDate?: Date;
  /** Clock for mail sent while the simulator runs (default: real time). */
  now?: () => Date;
}

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

const external = (name: string, emailAddress: string): EmailAddress => ({
  name,
  emailAddress,
  routingType: "SMTP",
  mailboxType: "OneOff",
});

const html = (content: string) => ({ type: "HTML" as const, content });

/** Builds the demo organisation. */
export function demoOrganisation(options: DemoOptions = {}): Organisation {
  const base = options.baseDate ?? new Date(Math.floor(Date.now() / 60000) * 60000);
  const org = new Organisation(DEMO_DOMAIN, { netbiosName: "CONTOSO", now: options.now });
  for (const account of DEMO_ACCOUNTS) {
    org.addMailbox({
      address: account.email,
      displayName: account.displayName,
      password: account.password,
    });
  }
  org.grantImpersonation("alex@contoso.test", "pat@contoso.test");
  org.grantImpersonation("alex@contoso.test", "sales@contoso.test");
  org.grantDelegate("pat@contoso.test", "alex@contoso.test");

  const alex = org.requireMailbox("alex@contoso.test");
  const pat = org.requireMailbox("pat@contoso.test");
  const sales = org.requireMailbox("sales@contoso.test");
  const ceo = org.requireMailbox("ceo@contoso.test");
  const ago = (days: number, hours = 0) => new Date(base.getTime() - days * DAY - hours * HOUR);
  const put = (mailbox: Mailbox, folder: string, message: NewMessage) => {
    const target = folder.includes("/") ? mailbox.folderByPath(folder)!.key : folder;
    const normalised: NewMessage = {
      ...message,
      from: message.from && org.normaliseAddress(message.from),
      to: (message.to ?? [mailbox.emailAddress]).map((a) => org.normaliseAddress(a)),
      cc: message.cc?.map((a) => org.normaliseAddress(a)),
    };
    return mailbox.addMessage(target, normalised);
  };

  const projects = alex.createFolder("inbox", "Projects");
  alex.createFolder("inbox", "Receipts");
  alex.createFolder(projects.key, "Migration 2025");
  pat.createFolder("inbox", "Clients");
  sales.createFolder("inbox", "Leads");

  // ---- alex -------------------------------------------------------------------------------
  put(alex, "inbox", {
    subject: "Weekly infrastructure report",
    from: pat.emailAddress,
    body: html(
      "<html><body><h2>Infrastructure, week summary</h2><ul><li>Patching: 42 of 44 servers done</li>" +
        "<li>Backups: all green</li><li>Open incidents: 2</li></ul><p>Pat</p></body></html>",
    ),
    received: ago(0, 2),
    isRead: false,
    importance: "Normal",
  });
  put(alex, "inbox", {
    subject: "Password expiry notice",
    from: external("Contoso IT Helpdesk", "helpdesk@contoso.test"),
    body:
      "Your password expires in 7 days. Change it at https://passwords.contoso.test before then.",
    received: ago(0, 5),
    isRead: false,
    importance: "High",
  });
  put(alex, "inbox", {
    subject: "Re: Firewall change window",
    from: ceo.emailAddress,
    cc: [pat.emailAddress],
    body: "Approved for Saturday 22:00-02:00. Keep the change log in the shared drive.\n\nMorgan",
    received: ago(1, 1),
    isRead: true,
  });
  put(alex, "inbox", {
    subject: "Your invoice INV-20931 from Northwind Traders",
    from: external("Northwind Billing", "billing@northwind.example"),
    body: html(
      "<html><body><p>Dear customer,</p><p>Please find attached invoice <b>INV-20931</b> " +
        "for EUR 1,240.00, due in 30 days.</p><p>Northwind Traders</p></body></html>",
    ),
    received: ago(1, 6),
    isRead: false,
    attachments: [{
      name: "INV-20931.pdf",
      contentType: "application/pdf",
      content: "%PDF-1.4 demo invoice",
    }],
  });
  put(alex, "inbox", {
    subject: "Lunch on Thursday?",
    from: pat.emailAddress,
    body: "Shall we try the new place on Main Street? 12:30 works for me.",
    received: ago(2, 3),
    isRead: true,
  });
  const accessLog = put(alex, "inbox", {
    subject: "Server room access log",
    from: external("Facilities", "facilities@contoso.test"),
    body:
      "Attached is last month's access log for the server room. Three badge reads were after hours.",
    received: ago(3, 2),
    isRead: true,
    attachments: [{
      name: "access-log.csv",
      contentType: "text/csv",
      content: "time,badge,door\n",
    }],
  });
  // An attached message (item attachment), as Outlook attaches a mail to a mail.
  attachMessage(alex, accessLog, {
    subject: "Badge reader maintenance",
    from: external("Facilities", "facilities@contoso.test"),
    to: [alex.emailAddress],
    body: "The badge reader on the server room door is serviced on Friday; expect gaps in the log.",
    received: ago(4, 0),
  });
  // One mail to two people: each recipient's copy has its own read state.
  const budgetMail: NewMessage = {
    subject: "Q3 budget planning",
    from: ceo.emailAddress,
    to: [alex.emailAddress, pat.emailAddress],
    body: html(
      "<html><body><p>Team,</p><p>Send me your Q3 budget lines by <i>Friday</i>.</p></body></html>",
    ),
    received: ago(4, 1),
    importance: "High",
  };
  put(alex, "inbox", { ...budgetMail, isRead: false });
  put(alex, "inbox", {
    subject: "Security advisory: update VPN clients",
    from: external("Fabrikam Security", "advisories@fabrikam.example"),
    body:
      "A vulnerability affects VPN client versions before 9.2. Update at your earliest convenience.",
    received: ago(5, 4),
    isRead: true,
  });
  put(alex, "inbox", {
    subject: "New starter: laptop request",
    from: pat.emailAddress,
    body: "Jamie joins on the 1st. Could you prepare a laptop with the standard image?",
    received: ago(6, 2),
    isRead: false,
  });
  put(alex, "inbox", {
    subject: "Sales kickoff agenda",
    from: sales.emailAddress,
    body: html(
      "<html><body><ol><li>Welcome</li><li>Targets</li><li>Product roadmap</li></ol></body></html>",
    ),
    received: ago(8, 0),
    isRead: true,
  });
  put(alex, "inbox", {
    subject: "Printer on floor 2 jammed again",
    from: external("Reception", "reception@contoso.test"),
    body: "The printer near the kitchen is jammed again.",
    received: ago(10, 3),
    isRead: true,
    importance: "Low",
  });
  put(alex, "inbox", {
    subject: "Licence renewal reminder",
    from: external("Adatum Licensing", "licensing@adatum.example"),
    body: "Your 50-seat licence renews on the 30th. Reply to this mail to change the seat count.",
    received: ago(14, 2),
    isRead: false,
  });
  put(alex, "Inbox/Projects", {
    subject: "Migration plan v2",
    from: pat.emailAddress,
    body: html("<html><body><p>Updated plan attached. Cut-over moved to week 3.</p></body></html>"),
    received: ago(3, 5),
    isRead: true,
    attachments: [{
      name: "migration-plan-v2.docx",
      contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      content: "PK demo document",
    }],
  });
  put(alex, "Inbox/Projects", {
    subject: "Migration: test results",
    from: pat.emailAddress,
    body: "All 12 smoke tests passed in staging.",
    received: ago(7, 1),
    isRead: false,
  });
  put(alex, "Inbox/Projects/Migration 2025", {
    subject: "Cut-over checklist",
    from: pat.emailAddress,
    body: "1. Freeze changes\n2. Final sync\n3. Switch DNS\n4. Verify",
    received: ago(9, 0),
    isRead: true,
  });
  put(alex, "Inbox/Receipts", {
    subject: "Receipt: cloud storage subscription",
    from: external("Tailspin Cloud", "receipts@tailspin.example"),
    body: html(
      "<html><body><table><tr><td>Plan</td><td>Business 2 TB</td></tr><tr><td>Total</td><td>USD 19.99</td></tr></table></body></html>",
    ),
    received: ago(12, 0),
    isRead: true,
  });
  put(alex, "Inbox/Receipts", {
    subject: "Receipt: conference registration",
    from: external("Events", "events@wingtip.example"),
    body: "Thank you for registering. Your ticket number is WT-5531.",
    received: ago(20, 0),
    isRead: true,
    attachments: [{
      name: "ticket.pdf",
      contentType: "application/pdf",
      content: "%PDF-1.4 ticket",
    }],
  });
  put(alex, "sentitems", {
    subject: "Re: New starter: laptop request",
    from: alex.emailAddress,
    to: [pat.emailAddress],
    body: "Will do, it'll be ready on the 31st.",
    received: ago(6, 0),
    isRead: true,
    isFromMe: true,
  });
  put(alex, "drafts", {
    subject: "Draft: change freeze announcement",
    from: alex.emailAddress,
    to: [external("All staff", "allstaff@contoso.test")],
    body: "From Friday 18:00 no production changes until the migration is complete.",
    received: ago(0, 1),
    isRead: true,
    isDraft: true,
  });

  // ---- pat --------------------------------------------------------------------------------
  put(pat, "inbox", {
    subject: "Client workshop feedback",
    from: external("Dana Ruiz", "dana.ruiz@fabrikam.example"),
    body: html(
      "<html><body><p>Thanks for the workshop! The roadmap section was <b>very</b> useful.</p></body></html>",
    ),
    received: ago(0, 3),
    isRead: false,
  });
  put(pat, "inbox", { ...budgetMail, isRead: true });
  put(pat, "inbox", {
    subject: "Re: Lunch on Thursday?",
    from: alex.emailAddress,
    body: "Sounds good, see you there.",
    received: ago(2, 2),
    isRead: true,
  });
  put(pat, "inbox", {
    subject: "Status report template",
    from: external("PMO", "pmo@contoso.test"),
    body: "Please use the attached template from next week.",
    received: ago(5, 0),
    isRead: false,
    attachments: [{
      name: "status-template.xlsx",
      contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      content: "PK demo sheet",
    }],
  });
  put(pat, "inbox", {
    subject: "Holiday schedule",
    from: external("HR", "hr@contoso.test"),
    body: "The office is closed on the public holidays listed in the intranet calendar.",
    received: ago(11, 0),
    isRead: true,
  });
  put(pat, "Inbox/Clients", {
    subject: "Fabrikam contract renewal",
    from: external("Dana Ruiz", "dana.ruiz@fabrikam.example"),
    body: "We'd like to renew for two years. Can we meet next week?",
    received: ago(6, 4),
    isRead: false,
    importance: "High",
  });
  put(pat, "sentitems", {
    subject: "Weekly infrastructure report",
    from: pat.emailAddress,
    to: [alex.emailAddress],
    body: html("<html><body><h2>Infrastructure, week summary</h2></body></html>"),
    received: ago(0, 2),
    isRead: true,
    isFromMe: true,
  });

  // ---- sales ------------------------------------------------------------------------------
  put(sales, "inbox", {
    subject: "Request for quote: 200 licences",
    from: external("Lee Chen", "lee.chen@woodgrove.example"),
    body: "Could you send a quote for 200 licences with three years of support?",
    received: ago(0, 4),
    isRead: false,
    importance: "High",
  });
  put(sales, "inbox", {
    subject: "Order confirmation #48213",
    from: external("Orders", "orders@litware.example"),
    body: html(
      "<html><body><p>Order <b>#48213</b> confirmed. Delivery in 5 working days.</p></body></html>",
    ),
    received: ago(2, 0),
    isRead: true,
  });
  put(sales, "inbox", {
    subject: "Partner pricing update",
    from: ceo.emailAddress,
    body: "New partner discounts apply from the first of next month.",
    received: ago(3, 3),
    isRead: false,
    attachments: [{
      name: "partner-pricing.pdf",
      contentType: "application/pdf",
      content: "%PDF-1.4 pricing",
    }],
  });
  put(sales, "inbox", {
    subject: "Trade fair booth confirmed",
    from: external("Expo Team", "booking@expo.example"),
    body: "Booth B-14 is reserved for your team for all three days.",
    received: ago(9, 0),
    isRead: true,
  });
  put(sales, "Inbox/Leads", {
    subject: "Interested in enterprise plan",
    from: external("Sam Patel", "sam.patel@proseware.example"),
    body: "We are 800 people; is there an enterprise plan with SSO?",
    received: ago(1, 2),
    isRead: false,
  });

  // ---- ceo --------------------------------------------------------------------------------
  put(ceo, "inbox", {
    subject: "Board meeting materials",
    from: external("Board Secretary", "secretary@contoso-board.example"),
    body: "Materials for next Tuesday's board meeting are attached.",
    received: ago(1, 0),
    isRead: false,
    importance: "High",
    sensitivity: "Confidential",
    attachments: [{
      name: "board-pack.pdf",
      contentType: "application/pdf",
      content: "%PDF-1.4 board",
    }],
  });
  put(ceo, "inbox", {
    subject: "Acquisition due diligence",
    from: external("Counsel", "counsel@lawfirm.example"),
    body: html(
      "<html><body><p>Strictly confidential: first findings are in the data room.</p></body></html>",
    ),
    received: ago(2, 5),
    isRead: true,
    sensitivity: "Confidential",
  });
  put(ceo, "inbox", {
    subject: "Press interview request",
    from: external("Ravi Das", "ravi.das@news.example"),
    body: "Would you be available for a 20-minute interview about your growth plans?",
    received: ago(4, 0),
    isRead: false,
  });

  // The sales mailbox answers automatically this week.
  sales.oof = {
    state: "Scheduled",
    externalAudience: "All",
    start: ago(1),
    end: new Date(base.getTime() + 6 * DAY),
    internalReply:
      "The sales team is at the trade fair this week. We reply to every request on Monday.",
    externalReply:
      "Thank you for contacting Contoso Sales. We are at a trade fair and will answer on Monday.",
  };
  seedDemoCalendars(org, base);
  seedDemoContacts(org, base);
  return org;
}
