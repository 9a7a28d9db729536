import type { PageContent } from '../rules.ts';

/** The portal's texts in English, the first published version of each page (plain language). */
export const EN: Partial<Record<string, PageContent>> = {
  start: {
    title: 'Help and support about sex for compensation and human trafficking',
    body: `The municipality's social services support you if you sell sex, are exploited, buy sex or worry about someone. The support is free.

- **You can stay anonymous.** You do not have to give your name to chat, book an appointment or ask us for advice.
- **Selling sex is not a crime in Sweden.** You will not be punished for selling sex.
- **You get help anyway.** Help does not depend on whether you use drugs or whether you have a residence permit.
- **We have a duty of confidentiality.** What you tell us stays with us. But if a child is being harmed or someone's life is in danger, we must act.

Choose the page that fits you below. You can also chat with us straight away.`,
  },
  'saljer-sex': {
    title: 'If you sell sex or are exploited',
    body: `You decide what you want to tell us. We do not judge you.

## This is the law in Sweden
- Selling sex is **not** a crime. It is the person who buys sex who breaks the law.
- Anyone who forces or tricks someone into selling sex, or makes money from it, commits a crime.
- You have the right to help even if you use alcohol or drugs.
- You have the right to support even if you do not have a residence permit in Sweden. We do not ask for your papers to talk with you.

## What we can help with
- Talking with someone who knows a lot about sex for compensation.
- Help with housing, money, debts and contact with healthcare.
- Support if you want to stop, and support if you do not want to stop right now.
- Support if you have been threatened, hit or tricked. You can get help even if you do not want to report to the police.

## How to contact us
Chat with us without saying who you are, or book an appointment. You can book with a made-up name.`,
  },
  unga: {
    title: 'If you are young',
    body: `If someone wants to give you money, things, a place to sleep, drugs or anything else so that you do something sexual, **the adult** is doing wrong – it is never your fault.

## Your rights
- The UN Convention on the Rights of the Child is law in Sweden. It says you have the right to be protected from sexual exploitation.
- If you are under 18 you are a child in the eyes of the law. Buying sex from anyone under 18 is always a crime.
- You are never to blame for what happens. You will not be punished.
- You have the right to be listened to and to say what you think about the help you get.

## What happens if you talk to us?
You can chat anonymously. If you tell us who you are, we can help you more. Then we may need to talk with your parents or other adults who should protect you. We always tell you first what will happen.

## Talk to someone now
Chat with us, call BRIS on 116 111, or talk to an adult you trust, for example the school counsellor or school nurse.`,
  },
  'koper-sex': {
    title: 'If you buy sex or worry about your sexual behaviour',
    body: `Do you want to stop buying sex? Do you think about sex in a way that worries you? You can get help from KAST. KAST means "buyers of sexual services" in Swedish.

## This is KAST
- Talks with a therapist who has a duty of confidentiality.
- You can stay anonymous. You do not have to give your name.
- We do not report you to the police for asking for help.
- It costs nothing.

## Good to know
Buying sex is a crime in Sweden. Many people who buy sex want to stop but do not know how. It is good that you are reading this.

## How to contact KAST
Chat with us and choose that you buy sex or worry about your sexual behaviour. You can also book an appointment. The reception never sees buyers and people who sell sex on the same day.

You can also call PrevenTell on 020-66 77 88. It is a national, anonymous helpline.`,
  },
  anhoriga: {
    title: 'If you are a relative or a friend',
    body: `Are you worried about someone who sells sex, is exploited or buys sex? You can talk with us, even without giving your name or theirs.

## Signs that may worry you
- The person has money, clothes or phones and you do not know where they come from.
- The person has new, older friends or a partner who decides a lot.
- The person is away at night, seems afraid or has injuries.

## What you can do
- Listen without judging. Say that you are still there.
- Do not blame. The person who is exploited is not at fault.
- Ask if the person wants help to contact us.
- If the person is under 18, you can report your concern to the social services. You can stay anonymous.

## Support for yourself
Worrying is hard. You can talk with us for your own sake. Chat with us or book an appointment.`,
  },
  yrkesverksamma: {
    title: 'If you meet the target group in your work',
    body: `You may be the first to see that someone is being harmed. Here is support for you who work in a school, in healthcare, in the police, in an association or in the social services.

## Dare to ask
- Ask directly and calmly, for example: "Has anyone given you money or things for sex?"
- Ask in private, without an escort, and without a relative interpreting.
- Use a professional interpreter when you do not share a language.
- Say what you can and cannot keep secret.

## Report a concern
If you learn or suspect in your work that a child is being harmed, you must report it to the social services at once. You do not need to be sure. The social services investigate.

## Consult us
You can ask our advice about a situation **without giving the person's name**. Call, chat or book a consultation. We help you assess the situation and what you can do.`,
  },
  sexkopslagen: {
    title: 'The sex purchase law – if you are visiting Sweden',
    body: `## Buying sex is forbidden in Sweden
- It is a crime to buy sex or to try to buy sex, also in a hotel, in a flat or through the internet.
- The law applies to everyone in Sweden, also tourists, students and business travellers.
- It also applies if you pay with something other than money, for example drugs, a place to stay or gifts.
- The punishment can be prison.

## Selling sex is not forbidden
The person who sells sex commits no crime. Many people who sell sex are exploited or victims of human trafficking.

## Buying sex from children
Buying sex from anyone under 18 is a serious crime. You can be convicted even if you did not know the person's age.

## Do you want to stop?
You can get anonymous help from KAST. Read more on the page for people who buy sex.`,
  },
  natet: {
    title: 'Grooming and exploitation online – for pupils',
    body: `Grooming means that someone, often an adult, builds up a contact with you online to make you do something sexual. It is a crime.

## Signs to watch for
- Someone gives you a lot of praise, gifts or money and wants you to keep secrets together.
- Someone wants to move the chat to another app or asks for pictures.
- Someone threatens to share pictures unless you send more or pay.

## If it has happened to you
- **It is not your fault.** The person exploiting you is doing wrong, not you.
- Do not send more pictures and do not pay. Threats usually do not stop because you pay.
- Save messages and usernames, but do not share the pictures.
- Tell an adult you trust, chat with us or call BRIS on 116 111.
- You can report to the police. We can help you do that.`,
  },
  'utan-namn': {
    title: 'Advice without giving your name',
    body: `You can get advice and support from us without telling us who you are.

## How it works
- **Chat anonymously.** You do not need to give a name, e-mail or phone number. We do not store your IP address.
- **Book an appointment with a made-up name.** You get a code. With the code you can change or cancel. We send no reminders.
- **Leave a message when the chat is closed.** You get a code and read the answer later.

## If you want more help
Some kinds of help, such as housing or financial aid, need us to know who you are. You decide if and when you want to tell us. We always explain first what it means.

Professionals can also consult us about a situation without giving the person's name.`,
  },
  'surfa-sakert': {
    title: 'Browse safely',
    body: `If someone checks your phone or computer, it can be dangerous for them to see that you have read about help.

## Leave the page quickly
The button **Leave this page quickly** is at the top of every page. It replaces the page with a weather page. You can also press **Esc** twice. This website takes only one step in the browser's history, so the back button does not lead back here.

## How to protect yourself more
- Use a private (incognito) window. Then no history is saved.
- Clear the history afterwards if you did not use a private window.
- If you can, use a phone or computer that nobody else can check, for example at the library.
- This website sets no cookies and loads nothing from other websites.

## Remember
No way is completely safe. If you are in danger, call 112.`,
  },
  tillganglighet: {
    title: 'Accessibility statement',
    body: `The municipality is responsible for this website. We want as many people as possible to be able to use it. Here we describe how the website meets the Swedish law on accessibility to digital public services, and how you can report a problem.

## How accessible is the website?
The website partly complies with the law. The pages are tested automatically against WCAG 2.1 level AA and work without JavaScript, with a keyboard and with a screen reader.

## Known problems
- Not all pages are translated into every language yet. Then the page is shown in Swedish or English with a notice about it.
- The chat and the booking are in Swedish and English. The counsellors can arrange an interpreter.

## Report a problem
Tell us if something does not work for you, or if you need the content in another format:

- Chat with us and write that it is about accessibility.
- Send an e-mail to tillganglighet@example.se.

We answer within five working days.

## If you are not satisfied
If you are not satisfied with our answer, you can contact the Agency for Digital Government (Digg). Digg supervises the law.`,
  },
};
