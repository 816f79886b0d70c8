/**
 * The words other languages use for the actions and states of action-provenance.ts, mapped to
 * the English verbs of tool names: a German e-mail that says "überweisen Sie" asks for what
 * `transfer_funds` does, a Spanish user who says "elimina los borradores" asks for
 * `delete_drafts`. Tool names are English; what users and documents write often is not.
 *
 * Read only in texts that do not read as English (language.ts), so no word of another language
 * is ever looked for in English text ("envi" of "enviar" is in "environment").
 *
 * Latin-script words are compared folded (foldWord: lower case, accents off, "ł" as "l", "ß" as
 * "ss"), by prefix where a form ends in `*` ("elimin*": elimina, eliminar, eliminado) and whole
 * otherwise: a prefix that would take in a common word of the same language ("pag*" takes
 * "página", "teil*" takes "Teil") is written out as whole forms instead. Chinese, Japanese,
 * Korean, Arabic and Hindi terms are looked for as substrings (SUBSTRING_TERMS), the longest
 * where several start at the same place ("비활성화", deactivate, holds "활성화", activate).
 *
 * A concept maps to all the English verbs it may name (a French "transférer" forwards e-mail
 * and transfers money): the words are a third party's request or a user's, never a tool's name.
 */

/** English verbs, as tool names spell them, for each action a word of another language may ask for. */
const CONCEPTS: Readonly<Record<string, string>> = {
  delete: 'delete remove erase',
  send: 'send',
  forward: 'forward send',
  reply: 'reply send',
  pay: 'transfer pay',
  share: 'share grant invite add',
  cancel: 'cancel',
  buy: 'buy purchase order book',
  off: 'disable deactivate off',
  on: 'enable activate',
  unlock: 'unlock open',
  approve: 'approve accept',
  reject: 'reject decline',
  close: 'close resolve',
  update: 'update change modify edit',
  run: 'run execute',
  publish: 'publish post',
  export: 'export upload download',
  archive: 'archive',
  reset: 'reset',
  merge: 'merge',
  deploy: 'deploy release',
  create: 'create make',
  schedule: 'schedule book',
};

/** Latin-script forms by concept, all languages together (es, fr, de, pt, it, nl, pl, sv, tr). */
const LATIN: Readonly<Record<string, string>> = {
  delete: 'elimin* borrar borra borre borren borralo suprim* supprim* effac* lösch* gelösch* entfernen entferne entfernst excluir exclua excluam excluído apag* cancell* rimuov* rimoss* verwijder* ' +
    'usuń usun* usuwa* skasuj* skasowa* radera* sil silin* sildi silmek kaldır*',
  send: 'envi* mandar manda mande manden envoi* envoy* send* gesend* schick* geschick* versend* verschick* inviare invia invii ' +
    'inviato inviate mandare mandate stuur* verstuur* verzend* verzond* gestuurd wyślij wysłać wysyła* skicka* gönder*',
  forward: 'reenvi* transfér* weiterleit* weitergeleit* encaminh* reencaminh* inoltr* doorstuur* doorgestuurd przekaż* przesłać ' +
    'prześlij vidarebefordra* ilet iletin iletir iletmek',
  reply: 'responder responde responda respondan respondido répond* antwort* beantwort* rispond* antwoord* beantwoord* odpowiedz* odpisz* svara* yanıtla* cevapla*',
  pay: 'transfer* transfier* pagar paga pague paguen pagalo abonar abone abonen virement virer virez payer payez paie réglez régler ' +
    'überweis* überwies* zahlen zahle zahlt bezahl* pagamento pix trasfer* bonific* pagare paghi pagate overmak* overgemaakt ' +
    'overboek* betaal* betalen betaald przelej* przelać przelew* zapłać* zapłacić betala* överför* havale* öde ödeyin ödeme*',
  share: 'compart* conced* otorg* invit* añad* agreg* partag* accorder accordez accordé ajout* teilen teile teilt geteilt freigeb* freigegeb* ' +
    'gewähren gewährt einlad* hinzufüg* compartilh* partilh* convid* adicion* condivid* aggiung* delen gedeeld uitnodig* toevoeg* toegevoegd ' +
    'udostępni* nadaj* zaproś* dodaj* delar delade bjud* paylaş* davet* ekle ekleyin eklemek',
  cancel: 'cancel* anul* annul* storn* kündig* absag* disdic* disdire annuleer* opzeg* anuluj* anulowa* odwołaj* avbryt* avboka* iptal*',
  buy: 'compra comprar compre compren reserv* achet* command* kauf* bestell* buchen buche bucht gebucht encomend* acquist* ' +
    'comprare compri ordinare ordina ordinate prenot* kopen koop koopt gekocht bestel* boeken kup kupić kupuj* zamów* zarezerwuj* köp köpa ' +
    'beställ* boka* sipariş*',
  off: 'desactiv* désactiv* apaga apagar deshabilit* éteign* éteind* deaktivier* abschalt* abgeschalt* ausschalt* ausgeschalt* ' +
    'desativ* deslig* disattiv* disabilit* speg* uitschakel* uitgeschakeld deactiveer* uitzet* wyłącz* dezaktywuj* inaktivera* ' +
    'avaktivera* kapat* devre',
  on: 'activa activar active activen habilit* activer activez activé aktivier* einschalt* eingeschalt* ativar ative ativa attivare attiva attivi attivate ' +
    'abilitare abilita abiliti abilitate inschakel* ingeschakeld activeer* włącz* aktywuj* aktivera* etkinleştir*',
  unlock: 'desbloque* abre abrir abra abran déverrouill* ouvrir ouvrez ouvre entsperr* aufschließ* öffnen öffne öffnet destranc* sblocc* ' +
    'aprire apri apra aprite ontgrendel* openen opent odblokuj* otwórz* öppna*',
  approve: 'aprob* aprueb* approuv* valider validez validé validar valide genehmig* aprovar aprove aprovem aprovado aprovação approv* goedkeur* zatwierdź* zatwierdz* zaakceptuj* akceptuj* ' +
    'godkänn* godkänd* onayla*',
  reject: 'rechaz* rejet* refus* ablehn* abgelehn* rejeit* recus* rifiut* afwijz* afgewezen weiger* odrzuć* odrzu* avvisa* reddet*',
  close: 'cerr* cierr* ferm* clôtur* schließen schließe schließt geschloss* fechar feche fechem fechado encerr* chiud* chius* sluit* gesloten zamknij* zamkn* stäng* kapat*',
  update: 'actualiz* cambi* modific* modifi* chang* ändern änderung geändert aktualisier* atualiz* alterar altere alterem alterado alteração aggiorn* wijzig* ' +
    'bijwerk* aanpass* zmień* zmien* zaktualizuj* aktualizuj* zmodyfikuj* uppdatera* güncelle* değiştir*',
  run: 'ejecutar ejecuta ejecute ejecuten ejecutalo exécuter exécutez lancer lancez lance ausführen ausgeführt executar executem esegu* uitvoer* uruchom* wykonaj* kör çalıştır*',
  publish: 'publicar publica publique publiquen publicado publier publiez publié veröffentlich* postar postear postea posten gepostet pubblic* publiceer* opublikuj* publikuj* publicera* yayınla*',
  export: 'export* descarg* télécharg* exportier* hochlad* herunterlad* baixar baixe baixem esport* scaric* exporteer* eksportuj* ' +
    'wyeksportuj* pobierz* exportera*',
  archive: 'archivar archiven archivado archiver archivez archivé archivier* arquivar arquive arquivem arquivado archivi* archiveer* zarchiwizuj* archiwizuj* arkivera* arşivle*',
  reset: 'restablec* réinitialis* zurücksetz* redefin* reimpost* ripristin* zresetuj* resetuj* återställ* sıfırla*',
  merge: 'fusion* zusammenführ* mescl* samenvoeg* scal scalić',
  deploy: 'despleg* despli* déploi* déploy* implantar implantem implantado rilasci*',
  create: 'crear crea cree creen créer créez erstell* anleg* criar crie creare utwórz* stwórz* skapa* oluştur*',
  schedule: 'programar programe programen programad* programmer programmez agend* planifi* terminier* einplan* pianific* inplannen zaplanuj* schemalägg* planla*',
};

/**
 * Chinese, Japanese and Korean terms by concept, and Arabic and Hindi ones, looked for as
 * substrings: CJK is not spaced, and Arabic and Hindi words take prefixes and endings around the
 * term ("وأرسل", and send; "हटाएं", delete). A term of two words is written with "_" between.
 */
const SUBSTRING_TERMS: Readonly<Record<string, string>> = {
  delete: '删除 刪除 削除 삭제 حذف احذف امسح हटा डिलीट मिटा',
  send: '发送 發送 送信 送って 전송 발송 보내 أرسل ارسل إرسال ارسال भेज',
  forward: '转发 轉發 転送 전달 إعادة_توجيه أعد_توجيه फॉरवर्ड',
  reply: '回复 回覆 返信 답장 회신',
  pay: '转账 轉帳 汇款 匯款 付款 支付 送金 振込 振り込 支払 송금 이체 결제 지불 تحويل ادفع دفع भुगतान ट्रांसफर',
  share: '分享 共享 授权 授權 邀请 邀請 添加 共有 招待 追加 付与 공유 초대 추가 شارك مشاركة امنح منح دعوة أضف إضافة اضف साझा शेयर',
  cancel: '取消 キャンセル 取り消 취소 ألغ الغ إلغاء الغاء रद्द कैंसिल',
  buy: '购买 購買 下单 预订 預訂 購入 注文 予約 구매 주문 예약 اشتر شراء احجز खरीद ऑर्डर',
  off: '禁用 停用 关闭 關閉 無効 オフ 停止 비활성화 끄 تعطيل عطّل أوقف اوقف إيقاف ايقاف बंद निष्क्रिय डिसेबल',
  on: '启用 啟用 开启 開啟 激活 有効 활성화 تفعيل فعّل चालू सक्रिय इनेबल',
  unlock: '解锁 解鎖 打开 打開 解錠 ロック解除 잠금_해제 잠금해제 열어 افتح فتح_القفل अनलॉक खोल',
  approve: '批准 核准 承認 승인 وافق موافقة اعتمد اعتماد मंज़ूर मंजूर स्वीकृत अनुमोदन अप्रूव',
  reject: '拒绝 拒絕 却下 拒否 거절 거부 ارفض رفض अस्वीकार रिजेक्ट',
  update: '更新 修改 更改 変更 업데이트 변경 수정 حدّث تحديث غيّر تغيير عدّل تعديل अपडेट बदल',
  run: '运行 執行 执行 実行 실행 نفّذ نفذ تنفيذ',
  publish: '发布 發佈 公開 投稿 게시 انشر نشر प्रकाशित पोस्ट',
  export: '导出 匯出 上传 下载 エクスポート アップロード 내보내 صدّر تصدير एक्सपोर्ट डाउनलोड अपलोड',
  archive: '归档 歸檔 アーカイブ 보관',
  reset: '重置 リセット 초기화 재설정',
  merge: '合并 合併 マージ 병합',
  deploy: '部署 デプロイ 배포',
  create: '创建 建立 作成 생성 أنشئ انشئ إنشاء',
  schedule: '安排 预约 スケジュール 일정',
};

/** A Latin-script word lower case, without accents: "Überweisen" → "uberweisen", "wyłącz" → "wylacz", "schließen" → "schliessen". */
export function foldWord(word: string): string {
  const lower = word.toLowerCase();
  // Only a word beyond ASCII needs folding: most words are spared the normalization.
  for (let i = 0; i < lower.length; i++) {
    if (lower.charCodeAt(i) > 0x7f) {
      return lower.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[łıøßæœđ]/g, (c) => FOLDED[c] as string);
    }
  }
  return lower;
}
const FOLDED: Readonly<Record<string, string>> = { ł: 'l', ı: 'i', ø: 'o', ß: 'ss', æ: 'ae', œ: 'oe', đ: 'd' };

/** The English stems (by `stem`) of each concept. */
const stemsOf = (concept: string, stem: (word: string) => string) => (CONCEPTS[concept] as string).split(' ').map(stem);

/** A lexicon built with action-provenance.ts's stemmer, which this module must not import (it imports this one). */
export interface ForeignLexicon {
  /** The English stems a folded Latin-script word asks for, if it is one of the forms. */
  latin(folded: string): readonly string[] | undefined;
  /** The English stems of each substring term (CJK, Arabic, Hindi) in text, into `into`, in one pass. */
  bySubstring(text: string, into: (stems: readonly string[]) => void): void;
}

/** Words shorter than this are compared whole only. */
const PREFIX_KEY = 3;

export function foreignLexicon(stem: (word: string) => string): ForeignLexicon {
  const whole = new Map<string, string[]>();
  // Prefix forms by their first PREFIX_KEY letters, the longest first: "invit*" (invite) wins over "invi*" (send).
  const prefixes = new Map<string, { prefix: string; stems: string[] }[]>();
  const add = (into: string[] | undefined, stems: readonly string[]) => {
    const merged = into ?? [];
    for (const s of stems) if (!merged.includes(s)) merged.push(s);
    return merged;
  };
  for (const [concept, forms] of Object.entries(LATIN)) {
    const stems = stemsOf(concept, stem);
    for (const raw of forms.split(' ')) {
      const form = foldWord(raw.replace('*', ''));
      if (!raw.endsWith('*') || form.length < PREFIX_KEY) {
        whole.set(form, add(whole.get(form), stems));
        continue;
      }
      const key = form.slice(0, PREFIX_KEY);
      const list = prefixes.get(key) ?? [];
      const known = list.find((entry) => entry.prefix === form);
      if (known !== undefined) add(known.stems, stems);
      else list.push({ prefix: form, stems: [...stems] });
      prefixes.set(key, list.sort((a, b) => b.prefix.length - a.prefix.length));
    }
  }
  // Substring terms by their first character, the longest first: one pass over a text finds them all.
  const terms = new Map<number, { term: string; stems: string[] }[]>();
  for (const [concept, list] of Object.entries(SUBSTRING_TERMS)) {
    for (const term of list.split(' ').map((written) => written.replaceAll('_', ' '))) {
      const first = term.charCodeAt(0);
      const known = terms.get(first) ?? [];
      const same = known.find((entry) => entry.term === term);
      if (same !== undefined) same.stems = add(same.stems, stemsOf(concept, stem));
      else known.push({ term, stems: stemsOf(concept, stem) });
      terms.set(first, known.sort((a, b) => b.term.length - a.term.length));
    }
  }

  return {
    latin(folded) {
      const exact = whole.get(folded);
      if (exact !== undefined) return exact;
      if (folded.length < PREFIX_KEY) return undefined;
      return prefixes.get(folded.slice(0, PREFIX_KEY))?.find((entry) => folded.startsWith(entry.prefix))?.stems;
    },
    bySubstring(text, into) {
      for (let i = 0; i < text.length; i++) {
        const found = terms.get(text.charCodeAt(i))?.find(({ term }) => text.startsWith(term, i));
        if (found === undefined) continue;
        into(found.stems);
        // A longer term's letters are not also a shorter one's ("비활성화" is no "활성화").
        i += found.term.length - 1;
      }
    },
  };
}

/** Whether text holds a Han, kana, Hangul, Arabic or Devanagari character: only then are substring terms looked for. */
export function hasSubstringScript(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x0600 && c <= 0x06ff) || (c >= 0x0900 && c <= 0x097f) || (c >= 0x3040 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0xac00 && c <= 0xd7af)) return true;
  }
  return false;
}
