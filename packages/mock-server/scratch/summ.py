import json,sys
for l in sys.stdin:
  if not l.startswith('{'): print(l.rstrip()); continue
  r=json.loads(l); m=r['memory']; b=r['memBefore']
  print(r['server'], 'sess',r['sessions'], 'p50 %.1f p99 %.1f max %.1f'%(r['p50'],r['p99'],r['max']), 'pace mean %.4f p99abs %.4f n=%d'%(r['pacingMean'],r['pacingP99Abs'],r['responses']), 'loop p99 %.1f max %.1f'%(r['loopP99Ms'],r['loopMaxMs']), 'cpu %.2f'%r['cpuShare'], 'mem/sess KB %.0f'%((m['heapUsed']+m['external']-b['heapUsed']-b['external'])/r['sessions']/1024), 'err',r['errors'], 'appends/s %.0f'%r['appendsPerSecond'])
